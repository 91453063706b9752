package io.envprov.controlplane.session;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/sessions}: optional, as is the environment. */
record OpenSessionRequest(@Nullable UUID activeEnvironmentId) {}
