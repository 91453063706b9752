/**
 * Session tokens: ES256 JWTs signed by the control plane, verified against its JWK set; the {@code
 * active_environment_id} claim is what requests are routed by.
 */
@NullMarked
package io.envprov.dataplane.session;

import org.jspecify.annotations.NullMarked;
