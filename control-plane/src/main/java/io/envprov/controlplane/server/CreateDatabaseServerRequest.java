package io.envprov.controlplane.server;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/database-servers}. The secret is sealed at once and never returned. */
public record CreateDatabaseServerRequest(
    @NotNull @Pattern(regexp = "^[a-z][a-z0-9-]{0,30}$", message = "must be a driver name")
        String driver,
    @NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9-]{0,62}$", message = "must be a region name")
        String region,
    @NotBlank @Size(max = 100) String name,
    @NotBlank @Size(max = 2000) String adminUrl,
    @Nullable @Size(max = 200) String adminUsername,
    @Nullable @Size(max = 2000) String adminSecret,
    @Nullable Map<String, Object> options,
    @Nullable @Min(0) @Max(100_000) Integer capacity) {

  @Override
  public String toString() {
    return "CreateDatabaseServerRequest[driver=" + driver + ", name=" + name + ", adminSecret=***]";
  }
}
