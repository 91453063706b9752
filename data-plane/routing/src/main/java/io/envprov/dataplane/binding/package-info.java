/**
 * Which environment the current unit of work belongs to: bound per thread by a filter or a
 * programmatic {@link io.envprov.dataplane.binding.EnvironmentScope}, carried across executor hops
 * by {@link io.envprov.dataplane.binding.BindingPropagation}.
 */
@NullMarked
package io.envprov.dataplane.binding;

import org.jspecify.annotations.NullMarked;
