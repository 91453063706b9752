/** Ed25519 keys and EdDSA JWTs as sqld checks them, with the JDK's own cryptography. */
@NullMarked
package io.envprov.libsql.auth;

import org.jspecify.annotations.NullMarked;
