package io.envprov.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.envprov.dataplane.binding.NoEnvironmentBoundException;
import io.envprov.dataplane.jdbc.RoutingDataSource;
import io.envprov.dataplane.pool.PoolSettings;
import io.envprov.dataplane.session.SessionTokenVerifier;
import io.envprov.dataplane.testing.DataPlaneFixture;
import io.envprov.dataplane.testing.Environments.PostgresEnvironment;
import io.envprov.driver.spi.CredentialScope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servlet filter in a real Tomcat, over real HTTP, routing to real databases. */
class SessionTokenServletFilterTest {

  private final DataPlaneFixture fixture = new DataPlaneFixture();
  private final RoutingDataSource dataSource =
      new RoutingDataSource(
          fixture.credentials(), CredentialScope.READWRITE, PoolSettings.DEFAULTS);
  private final HttpClient client = HttpClient.newHttpClient();
  private Tomcat tomcat;

  @BeforeEach
  void start(@TempDir Path baseDir) throws LifecycleException {
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "database", new DatabaseServlet(dataSource));
    context.addServletMappingDecoded("/*", "database");
    FilterDef filter = new FilterDef();
    filter.setFilterName("session");
    filter.setFilter(
        new SessionTokenServletFilter(
            new SessionTokenVerifier(
                fixture.controlPlane.url(),
                fixture.controlPlane.url().toString(),
                Duration.ofMinutes(5),
                Clock.systemUTC())));
    context.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("session");
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
    tomcat.getConnector();
    tomcat.start();
  }

  @AfterEach
  void stop() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
    dataSource.close();
    fixture.close();
  }

  @Test
  void aRequestWithASessionTokenIsServedFromItsActiveEnvironmentsDatabase() throws Exception {
    PostgresEnvironment environment = fixture.environments.postgres();

    HttpResponse<String> response =
        get(fixture.controlPlane.sessionToken(UUID.randomUUID(), environment.id()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(environment.database());
  }

  @Test
  void aReadOnlySessionConnectsWithTheReadOnlyScopeThoughTheDataSourceIsReadWrite()
      throws Exception {
    PostgresEnvironment environment = fixture.environments.postgres();

    HttpResponse<String> readonly =
        get(fixture.controlPlane.sessionToken(UUID.randomUUID(), environment.id(), "readonly"));
    HttpResponse<String> readwrite =
        get(fixture.controlPlane.sessionToken(UUID.randomUUID(), environment.id()));

    assertThat(readonly.statusCode()).isEqualTo(200);
    assertThat(readwrite.statusCode()).isEqualTo(200);
    assertThat(fixture.controlPlane.scopesAsked(environment.id()))
        .containsExactly("readonly", "readwrite");
  }

  @Test
  void aRequestWithoutATokenReachesTheAppUnboundAndIsRefusedThere() throws Exception {
    HttpResponse<String> response = get(null);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("No environment is bound");
  }

  @Test
  void aSessionWithoutAnActiveEnvironmentIsRefusedByTheApp() throws Exception {
    HttpResponse<String> response = get(fixture.controlPlane.sessionToken(UUID.randomUUID(), null));

    assertThat(response.statusCode()).isEqualTo(409);
  }

  @Test
  void anExpiredTokenIsAnsweredWith401AndNeverReachesTheApp() throws Exception {
    PostgresEnvironment environment = fixture.environments.postgres();

    HttpResponse<String> response =
        get(fixture.controlPlane.expiredSessionToken(UUID.randomUUID(), environment.id()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"code\":\"invalid_session_token\"");
    assertThat(fixture.controlPlane.fetches(environment.id())).isZero();
  }

  private HttpResponse<String> get(@Nullable String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://localhost:" + tomcat.getConnector().getLocalPort() + "/database"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Answers with the current database of the bound environment, or 409 when none is bound. */
  private static final class DatabaseServlet extends HttpServlet {
    private final transient RoutingDataSource dataSource;

    DatabaseServlet(RoutingDataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_database()")) {
        rows.next();
        response.getWriter().write(rows.getString(1));
      } catch (NoEnvironmentBoundException e) {
        response.setStatus(409);
        response.getWriter().write(e.getMessage());
      } catch (SQLException e) {
        response.setStatus(500);
      }
    }
  }
}
