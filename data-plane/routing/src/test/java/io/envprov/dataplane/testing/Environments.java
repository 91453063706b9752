package io.envprov.dataplane.testing;

import io.envprov.dataplane.credentials.ConnectionFacts;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Environments for tests: real databases (a PostgreSQL database with a LOGIN role, or a SQLite
 * file) whose connection facts the control-plane double serves.
 */
public final class Environments {

  private static final AtomicInteger CREDENTIALS = new AtomicInteger();

  private final PostgresServer postgres;
  private final ControlPlaneDouble controlPlane;

  public Environments(PostgresServer postgres, ControlPlaneDouble controlPlane) {
    this.postgres = postgres;
    this.controlPlane = controlPlane;
  }

  /** A PostgreSQL environment: its own database and one credential, served by the double. */
  public PostgresEnvironment postgres() {
    UUID id = UUID.randomUUID();
    String database = "env_" + id.toString().replace("-", "").substring(0, 16);
    postgres.createDatabase(database);
    PostgresEnvironment environment = issue(new PostgresEnvironment(id, database, "", "", ""));
    controlPlane.serve(environment.facts(postgres));
    return environment;
  }

  /**
   * Rotates {@code environment}'s credential: a new login role, which the double serves from now
   * on; the old one keeps working until {@link #retire} drops it.
   */
  public PostgresEnvironment rotate(PostgresEnvironment environment) {
    PostgresEnvironment rotated = issue(environment);
    controlPlane.serve(rotated.facts(postgres));
    return rotated;
  }

  /** Ends the grace period of {@code old}: its login role is dropped (no session is killed). */
  public void retire(PostgresEnvironment old) {
    postgres.dropLogin(old.database(), old.login());
  }

  /** A SQLite environment: a file under {@code directory}, served by the double. */
  public UUID sqlite(Path directory) {
    UUID id = UUID.randomUUID();
    Path file = directory.resolve(id + ".db");
    controlPlane.serve(
        new ConnectionFacts(
            id,
            "sqlite",
            "jdbc:sqlite:" + file,
            "",
            "",
            UUID.randomUUID().toString(),
            null,
            Map.of("busy_timeout", "10000", "journal_mode", "WAL")));
    return id;
  }

  private PostgresEnvironment issue(PostgresEnvironment environment) {
    String login = environment.database() + "_c" + CREDENTIALS.incrementAndGet();
    String password = PostgresServer.randomSecret();
    postgres.createLogin(environment.database(), login, password);
    return new PostgresEnvironment(
        environment.id(), environment.database(), login, password, UUID.randomUUID().toString());
  }

  /** A PostgreSQL environment as the control plane knows it, with its current credential. */
  public record PostgresEnvironment(
      UUID id, String database, String login, String password, String credentialId) {

    public ConnectionFacts facts(PostgresServer server) {
      return new ConnectionFacts(
          id, "postgres", server.url(database), login, password, credentialId, null, Map.of());
    }

    @Override
    public String toString() {
      return "PostgresEnvironment[" + id + ", " + database + ", " + login + "]";
    }
  }
}
