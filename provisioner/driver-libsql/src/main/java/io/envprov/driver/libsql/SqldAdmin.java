package io.envprov.driver.libsql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envprov.driver.spi.DriverException;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * sqld's admin API (the {@code --admin-listen-addr} listener): namespaces and their configuration.
 * The admin auth key travels as {@code Authorization: Basic <key>}.
 */
final class SqldAdmin {

  private final HttpJson http;
  private final URI adminUrl;
  private final @Nullable String authorization;

  SqldAdmin(HttpJson http, URI adminUrl, @Nullable String adminAuthKey) {
    this.http = http;
    String text = adminUrl.toString();
    this.adminUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.authorization = adminAuthKey == null ? null : "Basic " + adminAuthKey;
  }

  private URI uri(String path) {
    return URI.create(adminUrl + path);
  }

  /** Creates the namespace with these keys; false when it already exists. */
  boolean create(String namespace, String jwtKey) {
    ObjectNode body = HttpJson.JSON.createObjectNode().put("jwt_key", jwtKey);
    HttpJson.Response response =
        http.send("POST", uri("/v1/namespaces/" + namespace + "/create"), authorization, body);
    if (response.ok()) {
      return true;
    }
    if (response.status() == 400 && response.body().contains("already exists")) {
      return false;
    }
    throw HttpJson.failure("creating namespace " + namespace, response);
  }

  /** Forks {@code from} into {@code to}; false when {@code to} already exists. */
  boolean fork(String from, String to) {
    HttpJson.Response response =
        http.send("POST", uri("/v1/namespaces/" + from + "/fork/" + to), authorization, null);
    if (response.ok()) {
      return true;
    }
    if (response.status() == 400 && response.body().contains("already exists")) {
      return false;
    }
    if (response.status() == 404) {
      throw DriverException.permanent("the source namespace " + from + " does not exist", null);
    }
    throw HttpJson.failure("forking namespace " + from + " into " + to, response);
  }

  /** Deletes the namespace; false when it did not exist. */
  boolean delete(String namespace) {
    HttpJson.Response response =
        http.send("DELETE", uri("/v1/namespaces/" + namespace), authorization, null);
    if (response.ok()) {
      return true;
    }
    if (response.status() == 404
        || (response.status() == 400 && response.body().contains("doesn't exist"))) {
      return false;
    }
    throw HttpJson.failure("deleting namespace " + namespace, response);
  }

  /** The namespace's configuration, empty when it does not exist. */
  Optional<ObjectNode> config(String namespace) {
    HttpJson.Response response =
        http.send("GET", uri("/v1/namespaces/" + namespace + "/config"), authorization, null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (!response.ok() || !response.json().isObject()) {
      throw HttpJson.failure("reading the configuration of namespace " + namespace, response);
    }
    return Optional.of((ObjectNode) response.json());
  }

  /**
   * Writes the namespace's configuration. sqld's POST overwrites every field it knows, so pass the
   * whole configuration read by {@link #config(String)} with the changes made.
   */
  void writeConfig(String namespace, JsonNode config) {
    HttpJson.Response response =
        http.send("POST", uri("/v1/namespaces/" + namespace + "/config"), authorization, config);
    if (response.status() == 404) {
      throw DriverException.permanent("namespace " + namespace + " does not exist", null);
    }
    if (!response.ok()) {
      throw HttpJson.failure("writing the configuration of namespace " + namespace, response);
    }
  }
}
