package io.envprov.controlplane.store;

import java.util.Map;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Converts between JSON objects and jsonb columns. */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  public static JSONB jsonb(@Nullable Map<String, ?> value) {
    return JSONB.valueOf(MAPPER.writeValueAsString(value == null ? Map.of() : value));
  }

  public static Map<String, Object> map(@Nullable JSONB value) {
    if (value == null || value.data() == null) {
      return Map.of();
    }
    return MAPPER.readValue(value.data(), MAP);
  }
}
