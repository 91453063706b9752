package io.envprov.dataplane.example;

import org.jspecify.annotations.Nullable;

/** The body of {@code POST /notes}. */
public record NewNote(@Nullable String text) {}
