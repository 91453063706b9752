/**
 * Connection facts (JDBC URL, username, secret) for an environment, fetched from the control
 * plane's connection broker over HTTP and cached per environment and scope; rotated credentials
 * replace cached ones on refresh or after an authentication failure.
 */
@NullMarked
package io.envprov.dataplane.credentials;

import org.jspecify.annotations.NullMarked;
