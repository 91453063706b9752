package io.envprov.controlplane.domain;

import io.envprov.driver.spi.CredentialScope;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's rules about {@link CredentialScope} (the driver SPI's enum, stored and shown
 * as {@link CredentialScope#sqlValue()}): their order of power and how a refusal names them.
 */
public final class Scopes {

  /** The scope a connection, a service account's {@code max_scope} and a session default to. */
  public static final CredentialScope DEFAULT = CredentialScope.READWRITE;

  /** The scopes from least to most powerful. */
  public static final List<CredentialScope> BY_POWER =
      List.of(CredentialScope.READONLY, CredentialScope.READWRITE, CredentialScope.ADMIN);

  private Scopes() {}

  /** Whether a holder of {@code granted} may have {@code asked}; a null grant allows nothing. */
  public static boolean covers(@Nullable CredentialScope granted, CredentialScope asked) {
    return granted != null && BY_POWER.indexOf(asked) <= BY_POWER.indexOf(granted);
  }

  /** {@code "must be one of readwrite, readonly, admin"}. */
  public static String oneOfMessage() {
    return "must be one of "
        + Arrays.stream(CredentialScope.values())
            .map(CredentialScope::sqlValue)
            .collect(Collectors.joining(", "));
  }

  /** {@code "must be readwrite, readonly or admin"}, the scopes in the order given. */
  public static String eitherMessage(List<CredentialScope> scopes) {
    List<String> names = scopes.stream().map(CredentialScope::sqlValue).toList();
    return "must be "
        + String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
