package io.envprov.driver.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a driver is created with.
 *
 * @param dataDirectory the service's data directory; file-based drivers keep their files below it
 * @param properties driver settings ({@code controlplane.drivers.<name>.*}), never secrets
 */
public record DriverContext(Path dataDirectory, Map<String, String> properties) {

  public DriverContext {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    properties = Map.copyOf(properties);
  }

  /** A setting, or {@code fallback} when it is not set. */
  public String property(String key, String fallback) {
    @Nullable String value = properties.get(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
