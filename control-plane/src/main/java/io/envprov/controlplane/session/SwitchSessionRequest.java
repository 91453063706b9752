package io.envprov.controlplane.session;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** The body of {@code PUT /v1/sessions/current}. */
record SwitchSessionRequest(@NotNull UUID activeEnvironmentId) {}
