package io.envprov.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.driver.spi.Baseline;
import io.envprov.driver.spi.Capabilities;
import io.envprov.driver.spi.ConnectionSpec;
import io.envprov.driver.spi.CopyMode;
import io.envprov.driver.spi.CredentialRequest;
import io.envprov.driver.spi.CredentialScope;
import io.envprov.driver.spi.DatabaseDriver;
import io.envprov.driver.spi.DatabaseDriverProvider;
import io.envprov.driver.spi.DatabaseRef;
import io.envprov.driver.spi.DriverContext;
import io.envprov.driver.spi.DriverException;
import io.envprov.driver.spi.DriverRegistry;
import io.envprov.driver.spi.Health;
import io.envprov.driver.spi.IssuedCredential;
import io.envprov.driver.spi.ProvisionRequest;
import io.envprov.driver.spi.ProvisionedDatabase;
import io.envprov.driver.spi.ServerTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine's decisions: what it retries, when it compensates, what it records. The driver here is
 * an in-memory stand-in scripted to fail; the real drivers are proven by their contract tests.
 */
class ProvisioningEngineTest {

  private final ScriptedDriver driver = new ScriptedDriver();
  private final RecordingStore store = new RecordingStore();
  private final ProvisioningEngine engine =
      new ProvisioningEngine(
          store,
          new DriverCatalog(DriverRegistry.of(driver.provider()), Path.of("."), name -> Map.of()),
          Baseline.DATA_PLANE,
          new RetryPolicy(3, Duration.ofMillis(1), 1.0),
          new ServerGuards(Duration.ofSeconds(5), 4),
          (driver, database, credential) ->
              driver
                  .baselineVersion(database)
                  .orElseThrow(() -> DriverException.permanent("no baseline", null)));

  @Test
  void transient_failures_are_retried_until_the_database_is_provisioned() {
    driver.transientFailuresLeft = 2;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(store.succeeded).containsExactly(operation);
    assertThat(driver.provisionCalls).isEqualTo(3);
    assertThat(driver.databases).containsExactly(store.work.databaseName());
  }

  @Test
  void a_failure_that_outlasts_the_retries_fails_the_operation_and_drops_what_was_created() {
    driver.transientFailuresLeft = 10;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(store.failed).containsEntry(operation, "server busy");
    assertThat(driver.provisionCalls).isEqualTo(3);
    assertThat(driver.deprovisionCalls).isEqualTo(1);
    assertThat(driver.databases).isEmpty();
  }

  @Test
  void a_stale_attempt_that_fails_leaves_the_database_and_the_outcome_to_the_current_attempt() {
    // The worker stalled; the operation was revived and claimed again elsewhere meanwhile.
    driver.transientFailuresLeft = 10;
    store.superseded = true;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(driver.deprovisionCalls).isZero();
    assertThat(driver.databases).containsExactly(store.work.databaseName());
    assertThat(store.failed).isEmpty();
  }

  @Test
  void a_permanent_failure_is_not_retried() {
    driver.permanentFailure = true;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(driver.provisionCalls).isEqualTo(1);
    assertThat(store.failed).containsKey(operation);
    assertThat(driver.databases).isEmpty();
  }

  @Test
  void a_database_without_its_baseline_is_not_reported_active() {
    driver.forgetBaseline = true;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(store.failed.get(operation)).contains("no baseline");
    assertThat(store.succeeded).isEmpty();
    assertThat(driver.databases).isEmpty();
  }

  @Test
  void an_environment_turns_active_only_with_its_admin_and_readwrite_credentials_stored() {
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(store.succeeded).containsExactly(operation);
    assertThat(store.stored.values())
        .extracting(IssuedCredential::scope)
        .containsExactly(CredentialScope.ADMIN, CredentialScope.READWRITE);
    assertThat(driver.issued)
        .containsExactlyElementsOf(
            store.stored.values().stream().map(IssuedCredential::username).toList());
  }

  @Test
  void a_credential_that_cannot_be_stored_fails_the_environment_and_drops_its_database() {
    driver.failIssue = true;
    UUID operation = store.pending(OperationKind.PROVISION);

    engine.run(operation);

    assertThat(store.succeeded).isEmpty();
    assertThat(store.failed.get(operation)).contains("cannot create login");
    assertThat(driver.databases).isEmpty();
  }

  @Test
  void a_repeated_attempt_issues_the_same_credentials_again_rather_than_new_ones() {
    UUID operation = store.pending(OperationKind.PROVISION);
    List<UUID> first =
        store.initialCredentials(store.work).stream().map(PlannedCredential::id).toList();

    engine.run(operation);

    assertThat(store.stored.keySet()).containsExactlyElementsOf(first);
    assertThat(store.initialCredentials(store.work))
        .extracting(PlannedCredential::id)
        .containsExactlyElementsOf(first);
  }

  @Test
  void a_finished_operation_is_not_run_again() {
    UUID operation = store.pending(OperationKind.PROVISION);
    engine.run(operation);

    engine.run(operation);

    assertThat(driver.provisionCalls).isEqualTo(1);
    assertThat(store.succeeded).containsExactly(operation);
  }

  @Test
  void an_unknown_driver_fails_the_operation_naming_it() {
    UUID operation = store.pending(OperationKind.PROVISION, "oracle");

    engine.run(operation);

    assertThat(store.failed.get(operation)).contains("oracle").contains("scripted");
  }

  /** An operation store in memory that records outcomes. */
  private static final class RecordingStore implements OperationStore {
    OperationWork work;
    boolean superseded;
    final List<UUID> succeeded = new ArrayList<>();
    final Map<UUID, String> failed = new java.util.HashMap<>();
    final Map<UUID, IssuedCredential> stored = new java.util.LinkedHashMap<>();

    UUID pending(OperationKind kind) {
      return pending(kind, "scripted");
    }

    UUID pending(OperationKind kind, String driverName) {
      UUID id = UUID.randomUUID();
      String name = "env_" + UUID.randomUUID().toString().replace("-", "");
      work = new OperationWork(id, kind, UUID.randomUUID(), driverName, name, null, null, null, 1);
      return id;
    }

    @Override
    public Optional<OperationWork> claim(UUID operationId) {
      boolean finished = succeeded.contains(operationId) || failed.containsKey(operationId);
      return finished || !work.operationId().equals(operationId)
          ? Optional.empty()
          : Optional.of(work);
    }

    @Override
    public boolean isCurrent(OperationWork work) {
      return !superseded;
    }

    @Override
    public List<PlannedCredential> initialCredentials(OperationWork work) {
      java.time.Instant expiry = java.time.Instant.parse("2030-01-01T00:00:00Z");
      return List.of(
          PlannedCredential.forOperation(work.operationId(), CredentialScope.ADMIN, expiry),
          PlannedCredential.forOperation(work.operationId(), CredentialScope.READWRITE, expiry));
    }

    @Override
    public void credentialIssued(
        OperationWork work, PlannedCredential planned, IssuedCredential issued) {
      stored.put(planned.id(), issued);
    }

    @Override
    public void succeeded(OperationWork work, ProvisionedDatabase database) {
      succeeded.add(work.operationId());
    }

    @Override
    public void failed(OperationWork work, String error) {
      failed.put(work.operationId(), error);
    }
  }

  /** A driver whose failures are scripted by the test. */
  private static final class ScriptedDriver implements DatabaseDriver {
    final Set<String> databases = new HashSet<>();
    int transientFailuresLeft;
    boolean failIssue;
    final List<String> issued = new ArrayList<>();
    boolean permanentFailure;
    boolean forgetBaseline;
    int provisionCalls;
    int deprovisionCalls;

    DatabaseDriverProvider provider() {
      DatabaseDriver self = this;
      return new DatabaseDriverProvider() {
        @Override
        public String name() {
          return "scripted";
        }

        @Override
        public DatabaseDriver create(DriverContext context) {
          return self;
        }
      };
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.of(Capabilities.Flag.COPY, Capabilities.Flag.SCHEMA_ONLY_COPY);
    }

    @Override
    public ProvisionedDatabase provision(ProvisionRequest request) {
      provisionCalls++;
      databases.add(request.databaseName());
      if (permanentFailure) {
        throw DriverException.permanent("disk full", null);
      }
      if (transientFailuresLeft-- > 0) {
        throw DriverException.transientFailure("server busy", null);
      }
      return new ProvisionedDatabase(
          request.databaseName(), "mem:" + request.databaseName(), "1", Map.of());
    }

    @Override
    public boolean exists(DatabaseRef database) {
      return databases.contains(database.databaseName());
    }

    @Override
    public Optional<String> baselineVersion(DatabaseRef database) {
      return exists(database) && !forgetBaseline ? Optional.of("1") : Optional.empty();
    }

    @Override
    public void deprovision(DatabaseRef database) {
      deprovisionCalls++;
      databases.remove(database.databaseName());
    }

    @Override
    public ProvisionedDatabase copy(DatabaseRef source, ProvisionRequest target, CopyMode mode) {
      return provision(target);
    }

    @Override
    public IssuedCredential issueCredential(DatabaseRef database, CredentialRequest request) {
      if (failIssue) {
        throw DriverException.permanent("cannot create login " + request.username(), null);
      }
      issued.add(request.username());
      return new IssuedCredential(
          request.username(), "secret", request.scope(), request.expiresAt());
    }

    @Override
    public void revokeCredential(DatabaseRef database, String username) {}

    @Override
    public ConnectionSpec connectionSpec(DatabaseRef database, IssuedCredential credential) {
      return new ConnectionSpec("mem:" + database.databaseName(), Map.of());
    }

    @Override
    public Health health(ServerTarget server) {
      return Health.up("in memory");
    }
  }
}
