package io.envprov.libsql.hrana;

import org.jspecify.annotations.Nullable;

/**
 * A result column as Hrana describes it.
 *
 * @param name its name, null for an unnamed expression
 * @param decltype the declared type of the column it comes from, null for expressions
 */
public record HranaColumn(@Nullable String name, @Nullable String decltype) {}
