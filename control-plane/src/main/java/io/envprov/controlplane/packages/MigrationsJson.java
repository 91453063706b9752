package io.envprov.controlplane.packages;

import io.envprov.provisioner.packages.Migration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.JSONB;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A package version's migrations as {@code package_version.migrations} stores them: {@code
 * [{version, description, sql, sql_by_dialect}]} in the order they apply.
 */
final class MigrationsJson {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

  private MigrationsJson() {}

  static JSONB write(List<Migration> migrations) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Migration migration : migrations) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", migration.version());
      row.put("description", migration.description());
      row.put("sql", migration.sql());
      row.put("sql_by_dialect", new TreeMap<>(migration.sqlByDialect()));
      rows.add(row);
    }
    return JSONB.valueOf(MAPPER.writeValueAsString(rows));
  }

  static List<Migration> read(JSONB stored) {
    List<Migration> migrations = new ArrayList<>();
    for (Map<String, Object> row : MAPPER.readValue(stored.data(), LIST)) {
      Map<String, String> byDialect = new TreeMap<>();
      if (row.get("sql_by_dialect") instanceof Map<?, ?> texts) {
        texts.forEach((dialect, sql) -> byDialect.put(dialect.toString(), sql.toString()));
      }
      Object sql = row.get("sql");
      migrations.add(
          new Migration(
              row.get("version").toString(),
              row.get("description").toString(),
              sql == null ? null : sql.toString(),
              byDialect));
    }
    return migrations;
  }
}
