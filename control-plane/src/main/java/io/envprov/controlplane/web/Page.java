package io.envprov.controlplane.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of a list: {@code {"items": [...], "next_cursor": ...}}. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {}
