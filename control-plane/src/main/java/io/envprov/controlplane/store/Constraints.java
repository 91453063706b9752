package io.envprov.controlplane.store;

/** Recognises which database constraint a failed write violated. */
public final class Constraints {

  private Constraints() {}

  /** Whether {@code failure} (or a cause) reports a violation of the named constraint or index. */
  public static boolean violated(Throwable failure, String constraint) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("\"" + constraint + "\"")) {
        return true;
      }
    }
    return false;
  }
}
