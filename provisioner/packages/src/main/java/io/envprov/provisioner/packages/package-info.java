/**
 * Packages of versioned migrations applied inside an environment's own database over JDBC: the
 * runner ({@link PackageMigrator}), what a database says is installed ({@link InstalledPackage}),
 * drift against the catalog ({@link Drift}) and schema snapshots for diffs ({@link
 * SchemaSnapshot}). Nothing here knows the control plane; it is handed a JDBC {@link
 * javax.sql.DataSource} opened with the environment's admin credential.
 *
 * <p>Inside the database, each package keeps a Flyway schema history of its own ({@code
 * sys_migrations_<name>}; {@code system}, the data-plane baseline, keeps Flyway's default {@code
 * flyway_schema_history}) and one row in the baseline's {@code sys_package_installation}. The
 * history decides what runs: an install runs only the migrations it lacks.
 */
@NullMarked
package io.envprov.provisioner.packages;

import org.jspecify.annotations.NullMarked;
