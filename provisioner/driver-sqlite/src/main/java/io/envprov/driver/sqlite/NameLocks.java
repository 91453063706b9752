package io.envprov.driver.sqlite;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks picked by database name, so that two calls for the same database in this
 * process run one after the other (Flyway does not lock an SQLite schema history) while calls for
 * different databases rarely wait for each other. A fixed array keeps memory bounded however many
 * names are seen.
 */
final class NameLocks {

  private final ReentrantLock[] locks;

  NameLocks(int stripes) {
    locks = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The lock guarding that database name. */
  ReentrantLock of(String databaseName) {
    return locks[Math.floorMod(databaseName.hashCode(), locks.length)];
  }
}
