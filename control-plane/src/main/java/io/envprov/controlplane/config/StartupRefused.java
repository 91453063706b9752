package io.envprov.controlplane.config;

/**
 * The service refuses to start because its configuration cannot work safely (a KMS key that does
 * not exist or cannot be used, an unreadable key file, an OIDC issuer without an audience). The
 * message is the one line an operator needs; {@link StartupRefusedFailureAnalyzer} prints it
 * without a stack trace. It never carries secrets.
 */
public class StartupRefused extends IllegalStateException {

  /** How the operator fixes it. */
  private final String action;

  public StartupRefused(String message, String action) {
    super(message, null);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
