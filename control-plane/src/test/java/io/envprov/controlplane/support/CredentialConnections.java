package io.envprov.controlplane.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import tools.jackson.databind.JsonNode;

/** Connections opened with a credential the API issued, as an application opens them. */
public final class CredentialConnections {

  private CredentialConnections() {}

  /**
   * Connects with an issued credential (the {@code 201} body of {@code POST .../credentials}): its
   * {@code connection}'s JDBC URL and properties, its username and its secret.
   */
  public static Connection connect(JsonNode credential) throws SQLException {
    JsonNode connection = credential.get("connection");
    Properties properties = new Properties();
    connection
        .get("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asString()));
    if (connection.hasNonNull("username")) {
      properties.put("user", connection.get("username").asString());
    }
    properties.put("password", credential.get("secret").asString());
    return DriverManager.getConnection(connection.get("jdbc_url").asString(), properties);
  }
}
