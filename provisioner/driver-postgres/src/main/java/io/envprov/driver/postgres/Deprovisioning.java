package io.envprov.driver.postgres;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removing a database and everything made for it: the database (closed, its sessions ended, then
 * dropped), a copy's staging database, the credentials (also those a crashed revocation left
 * without LOGIN) and the three groups. Orphans (databases of no environment) are found through
 * {@link Provisioning#databases} and removed the same way.
 */
final class Deprovisioning {

  private static final Logger log = LoggerFactory.getLogger(Deprovisioning.class);

  void deprovision(PostgresServer server, String name) throws SQLException {
    PostgresNames names = new PostgresNames(name);
    try (AdminSession admin = AdminSession.open(server)) {
      admin.lock(name);
      admin.dropDatabase(name);
      admin.dropDatabase(names.copyStaging());
      for (String member : admin.membersOf(names.groups())) {
        Credentials.drop(server, admin, names, member, false);
      }
      for (String group : names.groups()) {
        admin.dropRole(group);
      }
      log.debug("deprovisioned postgres database {} on server {}", name, server.id());
    }
  }
}
