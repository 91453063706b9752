package io.envprov.libsql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.libsql.testserver.LibsqlTestServer;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the driver says about itself: {@link DatabaseMetaData} answers every boolean question (false
 * where it has nothing to claim) and refuses only catalog methods; the JDBC methods the driver does
 * not implement throw {@link SQLFeatureNotSupportedException} naming the method.
 */
class LibsqlDatabaseMetaDataTest {

  private static Path directory;
  private static LibsqlTestServer server;
  private Connection connection;
  private DatabaseMetaData metaData;

  @BeforeAll
  static void startServer() throws Exception {
    directory = Files.createTempDirectory("libsql-metadata-test");
    server = LibsqlTestServer.builder(directory).start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
    LibsqlJdbcTest.deleteRecursively(directory);
  }

  @BeforeEach
  void connect() throws SQLException {
    connection =
        DriverManager.getConnection(
            "jdbc:libsql:" + server.sqlUrl() + "?namespace=default", new Properties());
    metaData = connection.getMetaData();
  }

  @AfterEach
  void disconnect() throws SQLException {
    connection.close();
  }

  @Test
  void everyBooleanQuestionIsAnsweredAndNoneThrows() throws Exception {
    List<String> answered = new ArrayList<>();
    for (Method method : DatabaseMetaData.class.getMethods()) {
      if (method.getReturnType() == boolean.class && !method.getName().equals("isWrapperFor")) {
        Object[] arguments = new Object[method.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
          arguments[i] = method.getParameterTypes()[i] == int.class ? 0 : null;
        }
        method.invoke(metaData, arguments);
        answered.add(method.getName());
      }
    }

    assertThat(answered).hasSizeGreaterThan(100).contains("supportsANSI92FullSQL");
  }

  @Test
  void whatTheDriverSupportsIsTrueAndTheRestFalse() throws SQLException {
    assertThat(metaData.supportsTransactions()).isTrue();
    assertThat(metaData.supportsBatchUpdates()).isTrue();
    assertThat(metaData.supportsSavepoints()).isTrue();
    assertThat(metaData.supportsGetGeneratedKeys()).isTrue();
    assertThat(metaData.supportsNonNullableColumns()).isTrue();
    assertThat(metaData.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
    assertThat(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE))
        .isTrue();
    assertThat(metaData.nullsAreSortedLow()).isTrue();
    assertThat(metaData.storesMixedCaseIdentifiers()).isTrue();

    assertThat(metaData.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
    assertThat(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED))
        .isFalse();
    assertThat(metaData.supportsStoredProcedures()).isFalse();
    assertThat(metaData.supportsSelectForUpdate()).isFalse();
    assertThat(metaData.supportsPositionedUpdate()).isFalse();
    assertThat(metaData.supportsANSI92FullSQL()).isFalse();
    assertThat(metaData.supportsConvert()).isFalse();
    assertThat(metaData.ownUpdatesAreVisible(ResultSet.TYPE_FORWARD_ONLY)).isFalse();
    assertThat(metaData.supportsSharding()).isFalse();
    assertThat(metaData.nullsAreSortedHigh()).isFalse();
  }

  @Test
  void limitsAreUnknownAndTheFactsComeFromTheServer() throws SQLException {
    assertThat(metaData.getMaxColumnsInTable()).isZero();
    assertThat(metaData.getMaxStatementLength()).isZero();
    assertThat(metaData.getMaxConnections()).isZero();
    assertThat(metaData.getMaxLogicalLobSize()).isZero();

    String version;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT sqlite_version()")) {
      rows.next();
      version = rows.getString(1);
    }
    assertThat(metaData.getDatabaseProductName()).isEqualTo("SQLite");
    assertThat(metaData.getDatabaseProductVersion()).isEqualTo(version);
    assertThat(metaData.getDatabaseMajorVersion()).isEqualTo(3);
    assertThat(metaData.getDefaultTransactionIsolation())
        .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    assertThat(metaData.getIdentifierQuoteString()).isEqualTo("\"");
    assertThat(metaData.getURL()).startsWith("jdbc:libsql:");
    assertThat(metaData.getConnection()).isSameAs(connection);
    assertThat(metaData.isReadOnly()).isFalse();
  }

  @Test
  void theMetaDataIsAWrapperOfItselfOnly() throws SQLException {
    assertThat(metaData.isWrapperFor(DatabaseMetaData.class)).isTrue();
    assertThat(metaData.unwrap(DatabaseMetaData.class)).isSameAs(metaData);
    assertThat(metaData.isWrapperFor(Connection.class)).isFalse();
    assertThatThrownBy(() -> metaData.unwrap(Connection.class)).isInstanceOf(SQLException.class);
    assertThat(metaData).isEqualTo(metaData).isNotEqualTo(connection.getMetaData());
    assertThat(metaData.toString()).contains("jdbc:libsql:");
  }

  @Test
  void catalogMethodsAreRefusedByName() {
    assertThatThrownBy(() -> metaData.getTables(null, null, "%", null))
        .isInstanceOf(SQLFeatureNotSupportedException.class)
        .hasMessage("DatabaseMetaData.getTables is not supported by the libSQL driver");
    assertThatThrownBy(() -> metaData.getColumns(null, null, "t", "%"))
        .isInstanceOf(SQLFeatureNotSupportedException.class)
        .hasMessageContaining("getColumns");
  }

  @Test
  void unimplementedJdbcMethodsThrowFeatureNotSupportedNamingTheMethod() throws SQLException {
    assertThatThrownBy(() -> connection.prepareCall("SELECT 1"))
        .isInstanceOf(SQLFeatureNotSupportedException.class)
        .hasMessage("Connection.prepareCall is not supported by the libSQL driver");
    assertThatThrownBy(connection::createBlob).hasMessageContaining("Connection.createBlob");
    try (Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT ?")) {
      assertThatThrownBy(statement::cancel)
          .isInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("Statement.cancel");
      assertThatThrownBy(() -> prepared.setArray(1, null))
          .isInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("PreparedStatement.setArray");
      try (ResultSet rows = statement.executeQuery("SELECT 1 AS one")) {
        rows.next();
        assertThat(rows.getInt("one")).isEqualTo(1);
        assertThatThrownBy(() -> rows.updateInt(1, 2))
            .isInstanceOf(SQLFeatureNotSupportedException.class)
            .hasMessageContaining("ResultSet.updateInt");
        assertThatThrownBy(rows::previous)
            .isInstanceOf(SQLFeatureNotSupportedException.class)
            .hasMessageContaining("ResultSet.previous");
        assertThat(rows.unwrap(ResultSet.class)).isSameAs(rows);
        assertThat(statement.isWrapperFor(PreparedStatement.class)).isFalse();
        assertThat(prepared.unwrap(LibsqlPreparedStatement.class)).isSameAs(prepared);
      }
    }
  }
}
