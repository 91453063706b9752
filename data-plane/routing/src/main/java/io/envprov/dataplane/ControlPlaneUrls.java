package io.envprov.dataplane;

import java.net.URI;

/** Addresses on the control plane, from its base URL (with or without a trailing slash). */
public final class ControlPlaneUrls {

  private ControlPlaneUrls() {}

  /** The base URL without a trailing slash: also the {@code iss} of its session tokens. */
  public static String base(URI controlPlaneUrl) {
    String base = controlPlaneUrl.toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** {@code pathAndQuery} (starting with {@code /}) on the control plane. */
  public static URI resolve(URI controlPlaneUrl, String pathAndQuery) {
    return URI.create(base(controlPlaneUrl) + pathAndQuery);
  }
}
