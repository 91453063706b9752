package io.envprov.provisioner.packages;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Flyway schema-history table of a package inside an environment database: Flyway's default
 * {@code flyway_schema_history} for {@code system} (what the drivers write at provisioning), {@code
 * sys_migrations_<name>} for every other package.
 */
final class HistoryTable {

  /** Flyway's default table: the history of the data-plane baseline. */
  static final String SYSTEM_TABLE = "flyway_schema_history";

  static final String PREFIX = "sys_migrations_";

  private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private HistoryTable() {}

  /**
   * The table of {@code packageName}. The name becomes an SQL identifier, so anything but a valid
   * package name is refused.
   *
   * @throws IllegalArgumentException for an invalid package name
   */
  static String of(String packageName) {
    if (PackageVersion.SYSTEM.equals(packageName)) {
      return SYSTEM_TABLE;
    }
    if (!PACKAGE_NAME.matcher(packageName).matches()) {
      throw new IllegalArgumentException("not a package name: " + packageName);
    }
    return PREFIX + packageName;
  }

  /** The package whose history {@code table} is, or null when it is no package's. */
  static @Nullable String packageOf(String table) {
    if (table.equals(SYSTEM_TABLE)) {
      return PackageVersion.SYSTEM;
    }
    if (!table.startsWith(PREFIX)) {
      return null;
    }
    String name = table.substring(PREFIX.length());
    return PACKAGE_NAME.matcher(name).matches() && !name.equals(PackageVersion.SYSTEM)
        ? name
        : null;
  }

  /**
   * The statements that create the table exactly as Flyway 11 would (same columns, types, key and
   * index; the equivalence test compares them). Flyway itself refuses to create a history in a
   * schema that already holds tables (it asks for a baseline), and every environment database holds
   * the data-plane baseline, so the runner creates the table before Flyway's first run.
   */
  static List<String> createStatements(Dialect dialect, String table) {
    return switch (dialect) {
      case POSTGRES ->
          List.of(
              "CREATE TABLE \"public\".\""
                  + table
                  + "\" (\n"
                  + "    \"installed_rank\" INT NOT NULL,\n"
                  + "    \"version\" VARCHAR(50),\n"
                  + "    \"description\" VARCHAR(200) NOT NULL,\n"
                  + "    \"type\" VARCHAR(20) NOT NULL,\n"
                  + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                  + "    \"checksum\" INTEGER,\n"
                  + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                  + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                  + "    \"execution_time\" INTEGER NOT NULL,\n"
                  + "    \"success\" BOOLEAN NOT NULL\n"
                  + ")",
              "ALTER TABLE \"public\".\""
                  + table
                  + "\" ADD CONSTRAINT \""
                  + table
                  + "_pk\" PRIMARY KEY (\"installed_rank\")",
              "CREATE INDEX \"" + table + "_s_idx\" ON \"public\".\"" + table + "\" (\"success\")");
      case SQLITE ->
          List.of(
              "CREATE TABLE \"main\".\""
                  + table
                  + "\" (\n"
                  + "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
                  + "    \"version\" VARCHAR(50),\n"
                  + "    \"description\" VARCHAR(200) NOT NULL,\n"
                  + "    \"type\" VARCHAR(20) NOT NULL,\n"
                  + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                  + "    \"checksum\" INT,\n"
                  + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                  + "    \"installed_on\" TEXT NOT NULL DEFAULT"
                  + " (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
                  + "    \"execution_time\" INT NOT NULL,\n"
                  + "    \"success\" BOOLEAN NOT NULL\n"
                  + ")",
              "CREATE INDEX \"main\".\"" + table + "_s_idx\" ON \"" + table + "\" (\"success\")");
    };
  }
}
