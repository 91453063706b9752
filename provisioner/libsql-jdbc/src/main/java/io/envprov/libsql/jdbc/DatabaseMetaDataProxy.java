package io.envprov.libsql.jdbc;

import static io.envprov.libsql.jdbc.Unsupported.unsupported;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection's {@link DatabaseMetaData}: a dynamic proxy, because the interface has about 180
 * methods and the driver has something to say for a third of them. A call goes to the method of the
 * same signature in {@link LibsqlDatabaseMetaData} when there is one; otherwise:
 *
 * <ul>
 *   <li>a {@code boolean} question ({@code supports*}, {@code *AreDetected}, {@code *AreVisible},
 *       ...) is answered {@code false}: what the driver does not claim, it does not do;
 *   <li>a {@code getMax*} limit is {@code 0}, JDBC's "no limit, or not known";
 *   <li>anything else (the catalog methods: {@code getTables}, {@code getColumns}, ...) throws
 *       {@link java.sql.SQLFeatureNotSupportedException}.
 * </ul>
 */
final class DatabaseMetaDataProxy implements InvocationHandler {

  /** Each {@link DatabaseMetaData} method that {@link LibsqlDatabaseMetaData} answers, to it. */
  private static final Map<Method, Method> ANSWERS = answers();

  private final LibsqlDatabaseMetaData answers;

  private DatabaseMetaDataProxy(LibsqlDatabaseMetaData answers) {
    this.answers = answers;
  }

  static DatabaseMetaData create(LibsqlConnection connection) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            DatabaseMetaDataProxy.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            new DatabaseMetaDataProxy(new LibsqlDatabaseMetaData(connection)));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments)
      throws Throwable {
    Method answer = ANSWERS.get(method);
    if (answer != null) {
      try {
        return answer.invoke(answers, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
    String name = method.getName();
    Class<?> type = method.getReturnType();
    Object argument = arguments == null || arguments.length == 0 ? null : arguments[0];
    switch (name) {
      case "equals":
        return proxy == argument;
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "DatabaseMetaData of " + answers.getURL();
      case "isWrapperFor":
        return ((Class<?>) argument).isInstance(proxy);
      case "unwrap":
        return Unsupported.unwrap(proxy, (Class<?>) argument);
      default:
        break;
    }
    if (type == boolean.class) {
      return false;
    }
    if (name.startsWith("getMax") && type == int.class) {
      return 0;
    }
    if (name.startsWith("getMax") && type == long.class) {
      return 0L;
    }
    throw unsupported("DatabaseMetaData." + name);
  }

  private static Map<Method, Method> answers() {
    Map<Method, Method> answers = new HashMap<>();
    for (Method answer : LibsqlDatabaseMetaData.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(answer.getModifiers())) {
        continue;
      }
      try {
        Method method =
            DatabaseMetaData.class.getMethod(answer.getName(), answer.getParameterTypes());
        if (!method.getReturnType().isAssignableFrom(answer.getReturnType())) {
          throw new IllegalStateException(answer + " does not return " + method.getReturnType());
        }
        answers.put(method, answer);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(answer + " is not a DatabaseMetaData method", e);
      }
    }
    return Map.copyOf(answers);
  }
}
