package io.envprov.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.CredentialScope;
import io.envprov.provisioner.OperationKind;
import io.envprov.provisioner.OperationStatus;
import io.envprov.testsupport.TestPostgres;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every status and type enum, the CHECK constraints of the migrated control-plane schema (read from
 * {@code pg_constraint} of a real database migrated by Flyway) and the enums of {@code
 * schemas/openapi.yaml} list the same values. A failure names the first disagreement.
 */
class DomainTypesAgreementTest {

  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  /** CHECK constraint name -> its definition, as PostgreSQL prints it. */
  private static final Map<String, String> checks = new HashMap<>();

  private static Map<String, Object> contract;

  @BeforeAll
  static void read() throws Exception {
    TestPostgres.Database database = TestPostgres.newDatabase();
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/control-plane")
        .load()
        .migrate();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)"
                    + " FROM pg_constraint WHERE contype = 'c'");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        checks.put(rows.getString(1), rows.getString(2));
      }
    }
    try (InputStream in =
        DomainTypesAgreementTest.class
            .getClassLoader()
            .getResourceAsStream("contract/openapi.yaml")) {
      contract = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  /**
   * One enum and where else its values are listed.
   *
   * @param name what the disagreement message calls it
   * @param values the enum's stored/shown values
   * @param constraints {@code table.constraint} of CHECKs listing exactly these values
   * @param openApi paths into the contract of enums listing exactly these values
   */
  record Agreement(
      String name, Set<String> values, List<String> constraints, List<List<String>> openApi) {}

  private static <E extends Enum<E>> Set<String> values(E[] all, Function<E, String> sql) {
    return new TreeSet<>(Arrays.stream(all).map(sql).toList());
  }

  private static List<Agreement> agreements() {
    List<String> scope = List.of("scope");
    return List.of(
        new Agreement(
            "EnvironmentStatus",
            values(EnvironmentStatus.values(), EnvironmentStatus::sqlValue),
            List.of("environment.environment_status"),
            List.of(schema("EnvironmentStatus"))),
        new Agreement(
            "EnvType",
            values(EnvType.values(), EnvType::sqlValue),
            List.of("environment.environment_type"),
            List.of(schema("EnvType"))),
        new Agreement(
            "EnvType (creatable)",
            new TreeSet<>(EnvType.creatableTypes().stream().map(EnvType::sqlValue).toList()),
            List.of(),
            List.of(schema("NewEnvType"))),
        new Agreement(
            "EnvType (default)",
            values(
                Arrays.stream(EnvType.values()).filter(EnvType::isDefault).toArray(EnvType[]::new),
                EnvType::sqlValue),
            List.of("environment.environment_default_is_default_type"),
            List.of()),
        new Agreement(
            "CredentialStatus",
            values(CredentialStatus.values(), CredentialStatus::sqlValue),
            List.of("database_credential.database_credential_status"),
            List.of(property("Credential", "status"), property("IssuedCredential", "status"))),
        new Agreement(
            "CredentialScope",
            values(CredentialScope.values(), CredentialScope::sqlValue),
            List.of("database_credential.database_credential_scope", "api_key.api_key_max_scope"),
            List.of(
                property("Credential", "scope"),
                property("IssuedCredential", "scope"),
                property("IssueCredential", "scope"),
                property("Connection", "scope"),
                property("ServiceAccount", "max_scope"),
                property("CreateServiceAccount", "max_scope"),
                List.of(
                    "paths",
                    "/v1/environments/{id}/connection",
                    "get",
                    "parameters",
                    "name=scope",
                    "schema",
                    "enum"))),
        new Agreement(
            "BackupStatus",
            values(BackupStatus.values(), BackupStatus::sqlValue),
            List.of("backup.backup_status"),
            List.of(property("Backup", "status"))),
        new Agreement(
            "BackupOrigin",
            values(BackupOrigin.values(), BackupOrigin::sqlValue),
            List.of("backup.backup_origin"),
            List.of(property("Backup", "origin"))),
        new Agreement(
            "OperationKind",
            values(OperationKind.values(), OperationKind::sqlValue),
            List.of("operation.operation_kind"),
            List.of(property("Operation", "kind"))),
        new Agreement(
            "OperationStatus",
            values(OperationStatus.values(), OperationStatus::sqlValue),
            List.of("operation.operation_status"),
            List.of(property("Operation", "status"))),
        new Agreement(
            "ServerStatus",
            values(ServerStatus.values(), ServerStatus::sqlValue),
            List.of("database_server.database_server_status"),
            List.of(property("DatabaseServer", "status"))),
        new Agreement(
            "RolloutStatus",
            values(RolloutStatus.values(), RolloutStatus::sqlValue),
            List.of("rollout.rollout_status"),
            List.of(property("Rollout", "status"))),
        new Agreement(
            "RolloutTargetStatus",
            values(RolloutTargetStatus.values(), RolloutTargetStatus::sqlValue),
            List.of("rollout_target.rollout_target_status"),
            List.of(
                property("RolloutEnvironment", "status"),
                List.of(
                    "paths",
                    "/v1/rollouts/{id}/environments",
                    "get",
                    "parameters",
                    "name=status",
                    "schema",
                    "enum"))));
  }

  @Test
  void every_enum_its_check_constraints_and_its_openapi_enums_list_the_same_values() {
    List<String> disagreements = new ArrayList<>();
    for (Agreement agreement : agreements()) {
      for (String constraint : agreement.constraints()) {
        String definition = checks.get(constraint);
        if (definition == null) {
          disagreements.add(agreement.name() + ": no CHECK constraint " + constraint);
          continue;
        }
        compare(disagreements, agreement, "CHECK " + constraint, quoted(definition));
      }
      for (List<String> path : agreement.openApi()) {
        Object listed = at(path);
        if (!(listed instanceof List<?> list)) {
          disagreements.add(agreement.name() + ": no enum at openapi " + String.join("/", path));
          continue;
        }
        // A nullable enum lists null too; null is no value of the type.
        Set<String> values = new TreeSet<>();
        list.stream().filter(Objects::nonNull).forEach(v -> values.add(String.valueOf(v)));
        compare(disagreements, agreement, "openapi " + String.join("/", path), values);
      }
    }
    assertThat(disagreements)
        .as(
            "first disagreement: %s (of %d)",
            disagreements.isEmpty() ? "none" : disagreements.get(0), disagreements.size())
        .isEmpty();
  }

  @Test
  void a_disagreement_is_found_and_named() {
    List<String> disagreements = new ArrayList<>();
    Agreement wrong =
        new Agreement("OperationKind", Set.of("provision", "copy"), List.of(), List.of());
    compare(
        disagreements,
        wrong,
        "CHECK operation.operation_kind",
        quoted(checks.get("operation.operation_kind")));
    assertThat(disagreements)
        .containsExactly(
            "OperationKind: CHECK operation.operation_kind lists [backup, copy, deprovision,"
                + " install_package, promote, provision, reset, restore, restore_in_place], the"
                + " enum [copy, provision]");
  }

  private static void compare(
      List<String> disagreements, Agreement agreement, String where, Set<String> listed) {
    if (!listed.equals(new TreeSet<>(agreement.values()))) {
      disagreements.add(
          agreement.name()
              + ": "
              + where
              + " lists "
              + listed
              + ", the enum "
              + new TreeSet<>(agreement.values()));
    }
  }

  private static Set<String> quoted(String definition) {
    Set<String> values = new TreeSet<>();
    Matcher matcher = QUOTED.matcher(definition);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }

  private static List<String> schema(String name) {
    return List.of("components", "schemas", name, "enum");
  }

  private static List<String> property(String schema, String property) {
    return List.of("components", "schemas", schema, "properties", property, "enum");
  }

  /** The node at {@code path}; {@code name=x} picks the list element whose name is x. */
  private static Object at(List<String> path) {
    Object node = contract;
    for (String key : path) {
      if (key.startsWith("name=") && node instanceof List<?> list) {
        String name = key.substring("name=".length());
        node =
            list.stream()
                .filter(e -> e instanceof Map<?, ?> m && name.equals(m.get("name")))
                .findFirst()
                .orElse(null);
      } else if (node instanceof Map<?, ?> map) {
        node = map.get(key);
      } else {
        return null;
      }
    }
    return node;
  }
}
