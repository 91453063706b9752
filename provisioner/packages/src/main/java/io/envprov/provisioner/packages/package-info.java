/**
 * Packages of versioned migrations applied inside an environment's own database over JDBC: the
 * runner ({@link PackageMigrator}), what a database says is installed ({@link InstalledPackage}),
 * drift against the catalog ({@link Drift}) and schema snapshots for diffs ({@link
 * SchemaSnapshot}). Nothing here knows the control plane; it is handed a JDBC {@link
 * javax.sql.DataSource} opened with the environment's admin credential.
 */
@NullMarked
package io.envprov.provisioner.packages;

import org.jspecify.annotations.NullMarked;
