package io.envprov.dataplane.example;

import io.envprov.dataplane.binding.EnvironmentBinding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Notes in the bound environment's database, through the routing {@link DataSource}: the table
 * carries no environment column, the connection decides where a note goes. Blocking; callers run it
 * off the event loop. The SQL is plain enough for PostgreSQL and SQLite alike.
 */
@Component
class NoteStore {

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS notes (id VARCHAR(36) PRIMARY KEY, text TEXT NOT NULL,"
          + " created_at VARCHAR(40) NOT NULL)";

  private final DataSource dataSource;
  private final SchemaSetup schema;
  private final Clock clock;
  // Environments whose table this process has already made sure of.
  private final Set<UUID> ready = ConcurrentHashMap.newKeySet();

  NoteStore(DataSource dataSource, SchemaSetup schema, Clock clock) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.clock = clock;
  }

  Note add(String text) throws SQLException {
    Note note = new Note(UUID.randomUUID(), text, clock.instant());
    try (Connection connection = connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO notes (id, text, created_at) VALUES (?, ?, ?)")) {
      insert.setString(1, note.id().toString());
      insert.setString(2, note.text());
      insert.setString(3, note.createdAt().toString());
      insert.executeUpdate();
    }
    return note;
  }

  List<Note> list() throws SQLException {
    List<Note> notes = new ArrayList<>();
    try (Connection connection = connection();
        Statement select = connection.createStatement();
        ResultSet rows =
            select.executeQuery("SELECT id, text, created_at FROM notes ORDER BY created_at, id")) {
      while (rows.next()) {
        notes.add(
            new Note(
                UUID.fromString(rows.getString(1)),
                rows.getString(2),
                Instant.parse(rows.getString(3))));
      }
    }
    return notes;
  }

  private Connection connection() throws SQLException {
    UUID environment = EnvironmentBinding.require();
    if (!ready.contains(environment)) {
      schema.run(environment, CREATE);
      ready.add(environment);
    }
    return dataSource.getConnection();
  }
}
