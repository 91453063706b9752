package io.envprov.provisioner.packages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything an upgrade on PostgreSQL reads, in one query: the package's history, its row in {@code
 * sys_package_installation} (as JSON, whatever columns the baseline version gives it) and whether
 * that table has its checksum column. The query names both tables, so it fails when one is missing
 * (a first install, a database without the baseline); the caller then reads step by step.
 */
final class PostgresReads {

  /** PostgreSQL's {@code undefined_table}. */
  static final String UNDEFINED_TABLE = "42P01";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PostgresReads() {}

  /**
   * What {@link Histories#state}, {@link Histories#read} and {@link Installations#row} read, at
   * once.
   *
   * @throws SQLException {@link #UNDEFINED_TABLE} when the history table or {@code
   *     sys_package_installation} does not exist (the transaction is then aborted)
   */
  static PreparedUpgrade.Reads read(Connection connection, String table, String name)
      throws SQLException {
    String query =
        "SELECT installed_rank, version, description, type, checksum, success, installed_by, "
            + Sql.POSTGRES.timestamp("installed_on")
            + ", NULL::jsonb FROM \"public\"."
            + Sql.quote(table)
            + " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " jsonb_build_object('checksum_column', EXISTS (SELECT 1 FROM pg_catalog.pg_attribute"
            + " WHERE attrelid = 'public.sys_package_installation'::regclass"
            + " AND attname = 'checksum' AND attnum > 0 AND NOT attisdropped),"
            + " 'row', (SELECT to_jsonb(i) FROM public.sys_package_installation i"
            + " WHERE i.package_id = ? ORDER BY i.installed_at DESC LIMIT 1))"
            + " ORDER BY 1 NULLS LAST";
    List<HistoryRow> history = new ArrayList<>();
    JsonNode rest = null;
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String json = rows.getString(9);
          if (json != null) {
            rest = parse(json);
            continue;
          }
          int rank = rows.getInt(1);
          String version = rows.getString(2);
          String description = rows.getString(3);
          String type = rows.getString(4);
          int checksum = rows.getInt(5);
          Integer recorded = rows.wasNull() ? null : checksum;
          history.add(
              new HistoryRow(
                  rank,
                  version,
                  description,
                  type,
                  recorded,
                  rows.getBoolean(6),
                  rows.getString(7),
                  Sql.POSTGRES.instant(rows, 8)));
        }
      }
    }
    if (rest == null) {
      throw new SQLException("the history query returned no state row");
    }
    boolean checksumColumn = rest.path("checksum_column").asBoolean();
    return new PreparedUpgrade.Reads(
        new Histories.State(true, true, checksumColumn), history, row(name, rest.get("row")));
  }

  private static Installations.@Nullable Row row(String name, @Nullable JsonNode row) {
    if (row == null || row.isNull()) {
      return null;
    }
    JsonNode metadata = row.get("metadata");
    if (metadata != null && metadata.isNull()) {
      metadata = null;
    }
    String checksum = text(row, "checksum");
    if (checksum == null && metadata != null) {
      checksum = text(metadata, "checksum");
    }
    return new Installations.Row(
        name,
        text(row, "version"),
        text(row, "status"),
        null, // not needed to install
        text(row, "installed_by"),
        checksum,
        metadata == null ? null : text(metadata, "error"),
        metadata);
  }

  private static JsonNode parse(String json) throws SQLException {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable state row", e);
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }
}
