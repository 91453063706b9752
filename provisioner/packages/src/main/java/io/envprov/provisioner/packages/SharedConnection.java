package io.envprov.provisioner.packages;

import io.envprov.driver.spi.SimpleDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out the one connection the runner already opened, with {@code
 * close()} doing nothing: Flyway then reads and migrates over the connection the runner used for
 * its own reads, and the runner records the installation over it afterwards. One login per install
 * instead of two or three (a SCRAM login to PostgreSQL costs more than all the queries of an
 * upgrade).
 */
final class SharedConnection extends SimpleDataSource {

  private final Connection shared;

  SharedConnection(Connection connection) {
    this.shared =
        (Connection)
            Proxy.newProxyInstance(
                SharedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                  switch (method.getName()) {
                    case "close":
                      return null; // the runner closes it
                    case "unwrap":
                      if (((Class<?>) arguments[0]).isInstance(proxy)) {
                        return proxy;
                      }
                      break;
                    case "isWrapperFor":
                      if (((Class<?>) arguments[0]).isInstance(proxy)) {
                        return true;
                      }
                      break;
                    case "equals":
                      return proxy == arguments[0];
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    default:
                      break;
                  }
                  try {
                    return method.invoke(connection, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @Override
  public Connection getConnection() {
    return shared;
  }
}
