package io.envprov.provisioner;

/** What an operation does to an environment's database. */
public enum OperationKind {
  PROVISION,
  COPY,
  DEPROVISION;

  /** The value stored in {@code operation.kind}. */
  public String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static OperationKind fromDbValue(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
