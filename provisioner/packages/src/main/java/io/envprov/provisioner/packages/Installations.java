package io.envprov.provisioner.packages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The environment's own record of what is installed: one row per package in {@code
 * sys_package_installation}, with {@code metadata} JSON {@code {"applied": [...], "error": ...,
 * "target": ...}}. A database still at baseline V1 has no {@code checksum} column: the checksum
 * then goes into the metadata.
 */
final class Installations {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Installations() {}

  /**
   * One package's row.
   *
   * @param version the version installed (or, after a failed first install, the one that failed)
   * @param checksum the installed version's checksum (column, else metadata)
   * @param error why the last install failed
   * @param metadata the raw metadata, kept so a failure can carry the checksum over on V1
   */
  record Row(
      String packageName,
      String version,
      String status,
      @Nullable Instant installedAt,
      @Nullable String installedBy,
      @Nullable String checksum,
      @Nullable String error,
      @Nullable JsonNode metadata) {

    boolean installed() {
      return InstalledPackage.INSTALLED.equals(status);
    }
  }

  /** The row of one package, or null; the latest when a V1 database holds several. */
  static @Nullable Row row(Connection connection, Sql sql, String name, boolean checksumColumn)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            select(sql, checksumColumn)
                + " WHERE package_id = ? ORDER BY installed_at DESC LIMIT 1")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? read(rows, sql) : null;
      }
    }
  }

  /** Every package's row, by name; the latest of each when a V1 database holds several. */
  static Map<String, Row> all(Connection connection, Sql sql, boolean checksumColumn)
      throws SQLException {
    Map<String, Row> latest = new LinkedHashMap<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                select(sql, checksumColumn) + " ORDER BY package_id, installed_at");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        Row row = read(rows, sql);
        latest.put(row.packageName(), row);
      }
    }
    return latest;
  }

  /**
   * One write of a row: its SQL and parameters.
   *
   * @param fallback the write to try when this one changes no row (on V1: the insert after an
   *     update that found no row), or null
   */
  record Write(String sql, List<@Nullable Object> parameters, @Nullable Write fallback) {

    void execute(Connection connection) throws SQLException {
      int changed;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.size(); i++) {
          statement.setObject(i + 1, parameters.get(i));
        }
        changed = statement.executeUpdate();
      }
      if (changed == 0 && fallback != null) {
        fallback.execute(connection);
      }
    }
  }

  /** Records {@code target} as installed, replacing the package's row. */
  static void recordInstalled(
      Connection connection,
      Sql sql,
      boolean checksumColumn,
      boolean exists,
      PackageVersion target,
      String installedBy,
      List<String> applied)
      throws SQLException {
    installed(sql, checksumColumn, exists, target, installedBy, applied).execute(connection);
  }

  /**
   * The write that records {@code target} as installed: on V2 an upsert on the unique {@code
   * package_id}; on V1 (no unique index) an update of the row, else an insert.
   */
  static Write installed(
      Sql sql,
      boolean checksumColumn,
      boolean exists,
      PackageVersion target,
      String installedBy,
      List<String> applied) {
    ObjectNode metadata = metadata(applied, null, target.version());
    if (!checksumColumn) {
      metadata.put("checksum", target.checksum());
    }
    String json = metadata.toString();
    if (checksumColumn) {
      return new Write(
          insert(sql, "installed", true)
              + " ON CONFLICT (package_id) DO UPDATE SET version = EXCLUDED.version,"
              + " status = EXCLUDED.status, installed_at = EXCLUDED.installed_at,"
              + " installed_by = EXCLUDED.installed_by, metadata = EXCLUDED.metadata,"
              + " checksum = EXCLUDED.checksum",
          List.of(
              UUID.randomUUID().toString(),
              target.name(),
              target.version(),
              installedBy,
              json,
              target.checksum()),
          null);
    }
    Write insert =
        new Write(
            insert(sql, "installed", false),
            List.of(
                UUID.randomUUID().toString(), target.name(), target.version(), installedBy, json),
            null);
    if (!exists) {
      return insert;
    }
    return new Write(
        "UPDATE sys_package_installation SET version = ?, status = 'installed',"
            + " installed_at = CURRENT_TIMESTAMP, installed_by = ?, metadata = "
            + sql.jsonParameter()
            + " WHERE package_id = ?",
        List.of(target.version(), installedBy, json, target.name()),
        insert);
  }

  /**
   * Records a failed install of {@code target}: the row keeps the version installed before (and who
   * installed it, when, and its checksum), its status becomes {@code failed} and the metadata
   * carries the error. Without a row before, the row names the version that failed.
   */
  static void recordFailed(
      Connection connection,
      Sql sql,
      boolean checksumColumn,
      @Nullable Row previous,
      PackageVersion target,
      String installedBy,
      String error)
      throws SQLException {
    ObjectNode metadata = metadata(List.of(), error, target.version());
    if (!checksumColumn && previous != null && previous.checksum() != null) {
      metadata.put("checksum", previous.checksum());
    }
    String json = metadata.toString();
    List<@Nullable Object> inserted =
        new ArrayList<>(
            List.of(
                UUID.randomUUID().toString(), target.name(), target.version(), installedBy, json));
    if (checksumColumn) {
      inserted.add(null);
      new Write(
              insert(sql, "failed", true)
                  + " ON CONFLICT (package_id) DO UPDATE SET status = EXCLUDED.status,"
                  + " metadata = EXCLUDED.metadata",
              inserted,
              null)
          .execute(connection);
      return;
    }
    Write insert = new Write(insert(sql, "failed", false), inserted, null);
    if (previous == null) {
      insert.execute(connection);
      return;
    }
    new Write(
            "UPDATE sys_package_installation SET status = 'failed', metadata = "
                + sql.jsonParameter()
                + " WHERE package_id = ?",
            List.of(json, target.name()),
            insert)
        .execute(connection);
  }

  /** An insert of a row: id, package, version, who, metadata[, checksum]. */
  private static String insert(Sql sql, String status, boolean checksumColumn) {
    return "INSERT INTO sys_package_installation"
        + " (id, package_id, version, status, installed_at, installed_by, metadata"
        + (checksumColumn ? ", checksum" : "")
        + ") VALUES ("
        + sql.uuidParameter()
        + ", ?, ?, '"
        + status
        + "', CURRENT_TIMESTAMP, ?, "
        + sql.jsonParameter()
        + (checksumColumn ? ", ?" : "")
        + ")";
  }

  private static String select(Sql sql, boolean checksumColumn) {
    return "SELECT package_id, version, status, "
        + sql.timestamp("installed_at")
        + ", installed_by, metadata, "
        + (checksumColumn ? "checksum" : "NULL")
        + " FROM sys_package_installation";
  }

  private static Row read(ResultSet rows, Sql sql) throws SQLException {
    String name = rows.getString(1);
    String version = rows.getString(2);
    String status = rows.getString(3);
    Instant installedAt = sql.instant(rows, 4);
    String installedBy = rows.getString(5);
    JsonNode metadata = parse(rows.getString(6));
    String checksum = rows.getString(7);
    if (checksum == null && metadata != null) {
      checksum = text(metadata, "checksum");
    }
    String error = metadata == null ? null : text(metadata, "error");
    return new Row(name, version, status, installedAt, installedBy, checksum, error, metadata);
  }

  private static ObjectNode metadata(List<String> applied, @Nullable String error, String target) {
    ObjectNode metadata = JSON.createObjectNode();
    ArrayNode versions = metadata.putArray("applied");
    applied.forEach(versions::add);
    metadata.put("error", error);
    metadata.put("target", target);
    return metadata;
  }

  private static @Nullable JsonNode parse(@Nullable String metadata) {
    if (metadata == null || metadata.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(metadata);
    } catch (JsonProcessingException e) {
      return null; // written by hand: the row still says what is installed
    }
  }

  private static @Nullable String text(JsonNode metadata, String field) {
    JsonNode value = metadata.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }
}
