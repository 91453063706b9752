package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaColumn;
import io.envprov.libsql.hrana.HranaResult;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Column metadata from a Hrana result: names and declared types. Types follow SQLite's affinity
 * rules on the declared type; a column without one (an expression) is typed by its first non-null
 * value.
 */
final class LibsqlResultSetMetaData extends JdbcObject implements ResultSetMetaData {

  private final HranaResult result;

  LibsqlResultSetMetaData(HranaResult result) {
    this.result = result;
  }

  private HranaColumn column(int index) throws SQLException {
    if (index < 1 || index > result.columns().size()) {
      throw new SQLException("no column " + index, "07009");
    }
    return result.columns().get(index - 1);
  }

  @Override
  public int getColumnCount() {
    return result.columns().size();
  }

  @Override
  public String getColumnName(int index) throws SQLException {
    String name = column(index).name();
    return name == null ? "" : name;
  }

  @Override
  public String getColumnLabel(int index) throws SQLException {
    return getColumnName(index);
  }

  @Override
  public String getColumnTypeName(int index) throws SQLException {
    String declared = column(index).decltype();
    if (declared != null && !declared.isBlank()) {
      return declared.toUpperCase(Locale.ROOT);
    }
    Object sample = sample(index);
    if (sample == null) {
      return "NULL";
    }
    if (sample instanceof Long) {
      return "INTEGER";
    }
    if (sample instanceof Double) {
      return "REAL";
    }
    return sample instanceof byte[] ? "BLOB" : "TEXT";
  }

  @Override
  public int getColumnType(int index) throws SQLException {
    String type = getColumnTypeName(index);
    if (type.equals("NULL")) {
      return Types.NULL;
    }
    if (type.startsWith("BOOL")) {
      return Types.BOOLEAN;
    }
    if (type.equals("DATE")) {
      return Types.DATE;
    }
    if (type.startsWith("TIMESTAMP") || type.equals("DATETIME")) {
      return Types.TIMESTAMP;
    }
    if (type.equals("TIME")) {
      return Types.TIME;
    }
    if (type.equals("BIGINT")) {
      return Types.BIGINT;
    }
    // SQLite's affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity)
    if (type.contains("INT")) {
      return Types.INTEGER;
    }
    if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
      return Types.VARCHAR;
    }
    if (type.contains("BLOB")) {
      return Types.BLOB;
    }
    if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
      return Types.DOUBLE;
    }
    return Types.NUMERIC;
  }

  @Override
  public String getColumnClassName(int index) throws SQLException {
    return switch (getColumnType(index)) {
      case Types.INTEGER, Types.BIGINT, Types.BOOLEAN -> Long.class.getName();
      case Types.DOUBLE -> Double.class.getName();
      case Types.BLOB -> byte[].class.getName();
      case Types.NUMERIC, Types.NULL -> Object.class.getName();
      default -> String.class.getName();
    };
  }

  private @Nullable Object sample(int index) {
    for (List<@Nullable Object> row : result.rows()) {
      Object value = row.get(index - 1);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  @Override
  public boolean isAutoIncrement(int index) {
    return false;
  }

  @Override
  public boolean isCaseSensitive(int index) {
    return true;
  }

  @Override
  public boolean isSearchable(int index) {
    return true;
  }

  @Override
  public boolean isCurrency(int index) {
    return false;
  }

  @Override
  public int isNullable(int index) {
    return columnNullableUnknown;
  }

  @Override
  public boolean isSigned(int index) throws SQLException {
    int type = getColumnType(index);
    return type == Types.INTEGER
        || type == Types.BIGINT
        || type == Types.DOUBLE
        || type == Types.NUMERIC;
  }

  @Override
  public int getColumnDisplaySize(int index) {
    return Integer.MAX_VALUE;
  }

  @Override
  public String getSchemaName(int index) {
    return "";
  }

  @Override
  public int getPrecision(int index) {
    return 0;
  }

  @Override
  public int getScale(int index) {
    return 0;
  }

  @Override
  public String getTableName(int index) {
    return "";
  }

  @Override
  public String getCatalogName(int index) {
    return "";
  }

  @Override
  public boolean isReadOnly(int index) {
    return true;
  }

  @Override
  public boolean isWritable(int index) {
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int index) {
    return false;
  }
}
