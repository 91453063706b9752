package io.envprov.libsql.jdbc;

import io.envprov.libsql.hrana.HranaStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * What the driver and the database can do: the answers of a connection's {@link DatabaseMetaData}
 * that are not the default ones of {@link DatabaseMetaDataProxy} (a {@code boolean} question is
 * answered {@code false}, a {@code getMax*} limit {@code 0}, a catalog method is refused). Every
 * public method here has the name and signature of a {@link DatabaseMetaData} method; the proxy
 * checks it.
 *
 * <p>The product name is {@code SQLite} (libSQL speaks SQLite's dialect, and tools such as Flyway
 * and jOOQ pick their SQLite support by this name); the version is asked from the server once.
 * Catalog methods ({@code getTables}, {@code getColumns}, ...) are not supported: query {@code
 * sqlite_schema} and {@code pragma_table_info} instead.
 */
final class LibsqlDatabaseMetaData {

  private final LibsqlConnection connection;
  private @Nullable String version;

  LibsqlDatabaseMetaData(LibsqlConnection connection) {
    this.connection = connection;
  }

  private String version() throws SQLException {
    if (version == null) {
      Object value =
          connection.run(HranaStatement.of("SELECT sqlite_version()")).rows().get(0).get(0);
      version = String.valueOf(value);
    }
    return version;
  }

  private int versionPart(int part) throws SQLException {
    String[] parts = version().split("\\.");
    try {
      return parts.length > part ? Integer.parseInt(parts[part]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public String getDatabaseProductName() {
    return "SQLite";
  }

  public String getDatabaseProductVersion() throws SQLException {
    return version();
  }

  public int getDatabaseMajorVersion() throws SQLException {
    return versionPart(0);
  }

  public int getDatabaseMinorVersion() throws SQLException {
    return versionPart(1);
  }

  public String getDriverName() {
    return "envprov libSQL JDBC (Hrana over HTTP)";
  }

  public String getDriverVersion() {
    return LibsqlJdbcDriver.MAJOR + "." + LibsqlJdbcDriver.MINOR;
  }

  public int getDriverMajorVersion() {
    return LibsqlJdbcDriver.MAJOR;
  }

  public int getDriverMinorVersion() {
    return LibsqlJdbcDriver.MINOR;
  }

  public int getJDBCMajorVersion() {
    return 4;
  }

  public int getJDBCMinorVersion() {
    return 3;
  }

  public String getURL() {
    return connection.url();
  }

  public String getUserName() {
    return "";
  }

  public Connection getConnection() {
    return connection;
  }

  public boolean isReadOnly() throws SQLException {
    return connection.isReadOnly();
  }

  public String getIdentifierQuoteString() {
    return "\"";
  }

  public String getSQLKeywords() {
    return "";
  }

  public String getNumericFunctions() {
    return "abs,max,min,round,random";
  }

  public String getStringFunctions() {
    return "length,lower,upper,substr,trim,ltrim,rtrim,replace,instr";
  }

  public String getSystemFunctions() {
    return "";
  }

  public String getTimeDateFunctions() {
    return "date,time,datetime,julianday,strftime";
  }

  public String getSearchStringEscape() {
    return "\\";
  }

  public String getExtraNameCharacters() {
    return "";
  }

  public String getSchemaTerm() {
    return "schema";
  }

  public String getProcedureTerm() {
    return "procedure";
  }

  public String getCatalogTerm() {
    return "catalog";
  }

  public String getCatalogSeparator() {
    return ".";
  }

  public boolean isCatalogAtStart() {
    return true;
  }

  public boolean supportsTransactions() {
    return true;
  }

  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_SERIALIZABLE;
  }

  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_SERIALIZABLE;
  }

  public boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return true;
  }

  public boolean supportsBatchUpdates() {
    return true;
  }

  public boolean supportsSavepoints() {
    return true;
  }

  public boolean supportsGetGeneratedKeys() {
    return true;
  }

  public boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  public boolean supportsResultSetHoldability(int holdability) {
    return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  public boolean storesMixedCaseIdentifiers() {
    return true;
  }

  public boolean storesMixedCaseQuotedIdentifiers() {
    return true;
  }

  public boolean supportsOuterJoins() {
    return true;
  }

  public boolean supportsFullOuterJoins() {
    return true;
  }

  public boolean supportsLimitedOuterJoins() {
    return true;
  }

  public boolean supportsUnion() {
    return true;
  }

  public boolean supportsUnionAll() {
    return true;
  }

  public boolean supportsAlterTableWithAddColumn() {
    return true;
  }

  public boolean supportsAlterTableWithDropColumn() {
    return true;
  }

  public boolean supportsColumnAliasing() {
    return true;
  }

  public boolean nullPlusNonNullIsNull() {
    return true;
  }

  public boolean supportsGroupBy() {
    return true;
  }

  public boolean supportsLikeEscapeClause() {
    return true;
  }

  public boolean supportsSubqueriesInExists() {
    return true;
  }

  public boolean supportsSubqueriesInIns() {
    return true;
  }

  // SQL that SQLite has; JDBC expects true from any driver for the first two.

  public boolean supportsMinimumSQLGrammar() {
    return true;
  }

  public boolean supportsNonNullableColumns() {
    return true;
  }

  public boolean supportsTableCorrelationNames() {
    return true;
  }

  public boolean supportsCorrelatedSubqueries() {
    return true;
  }

  public boolean supportsSubqueriesInComparisons() {
    return true;
  }

  public boolean supportsExpressionsInOrderBy() {
    return true;
  }

  public boolean supportsOrderByUnrelated() {
    return true;
  }

  public boolean supportsGroupByUnrelated() {
    return true;
  }

  public boolean nullsAreSortedLow() {
    return true;
  }

  public boolean allTablesAreSelectable() {
    return true;
  }

  public int getSQLStateType() {
    return DatabaseMetaData.sqlStateSQL;
  }

  public RowIdLifetime getRowIdLifetime() {
    return RowIdLifetime.ROWID_VALID_OTHER;
  }
}
