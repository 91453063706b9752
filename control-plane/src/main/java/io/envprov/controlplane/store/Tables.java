package io.envprov.controlplane.store;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The control-plane tables as jOOQ objects, matching {@code schemas/.../db/control-plane}. Written
 * by hand rather than generated: the schema is small and the build then needs no database; {@code
 * TablesSchemaTest} checks every table and column here against the migrated schema. Declare new
 * tables here (or, for a later group of migrations, in a class of this package that the test lists,
 * such as {@link PackageTables}), not in the classes that use them, so that test covers them.
 */
public final class Tables {

  private Tables() {}

  /** Table {@code organization}. */
  public static final class Organization {
    public static final Table<Record> TABLE = DSL.table(DSL.name("organization"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("organization", "id"), SQLDataType.UUID);
    public static final Field<String> SLUG =
        DSL.field(DSL.name("organization", "slug"), SQLDataType.VARCHAR);
    public static final Field<String> NAME =
        DSL.field(DSL.name("organization", "name"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("organization", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(DSL.name("organization", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private Organization() {}
  }

  /** Table {@code environment}. */
  public static final class Environment {
    public static final Table<Record> TABLE = DSL.table(DSL.name("environment"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("environment", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ORGANIZATION_ID =
        DSL.field(DSL.name("environment", "organization_id"), SQLDataType.UUID);
    public static final Field<String> SLUG =
        DSL.field(DSL.name("environment", "slug"), SQLDataType.VARCHAR);
    public static final Field<String> NAME =
        DSL.field(DSL.name("environment", "name"), SQLDataType.VARCHAR);
    public static final Field<String> DESCRIPTION =
        DSL.field(DSL.name("environment", "description"), SQLDataType.VARCHAR);
    public static final Field<String> ENV_TYPE =
        DSL.field(DSL.name("environment", "env_type"), SQLDataType.VARCHAR);
    public static final Field<String> REGION =
        DSL.field(DSL.name("environment", "region"), SQLDataType.VARCHAR);
    public static final Field<Boolean> IS_DEFAULT =
        DSL.field(DSL.name("environment", "is_default"), SQLDataType.BOOLEAN);
    public static final Field<Boolean> IS_PROTECTED =
        DSL.field(DSL.name("environment", "is_protected"), SQLDataType.BOOLEAN);
    public static final Field<String> STATUS =
        DSL.field(DSL.name("environment", "status"), SQLDataType.VARCHAR);
    public static final Field<String> ERROR =
        DSL.field(DSL.name("environment", "error"), SQLDataType.VARCHAR);
    public static final Field<String> CREATED_BY =
        DSL.field(DSL.name("environment", "created_by"), SQLDataType.VARCHAR);
    public static final Field<org.jooq.JSONB> METADATA =
        DSL.field(DSL.name("environment", "metadata"), SQLDataType.JSONB);
    public static final Field<Long> VERSION =
        DSL.field(DSL.name("environment", "version"), SQLDataType.BIGINT);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("environment", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(DSL.name("environment", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.util.UUID> SOURCE_ENVIRONMENT_ID =
        DSL.field(DSL.name("environment", "source_environment_id"), SQLDataType.UUID);
    public static final Field<String> SOURCE_COPY_MODE =
        DSL.field(DSL.name("environment", "source_copy_mode"), SQLDataType.VARCHAR);
    public static final Field<java.util.UUID> SOURCE_BACKUP_ID =
        DSL.field(DSL.name("environment", "source_backup_id"), SQLDataType.UUID);
    public static final Field<java.time.OffsetDateTime> DELETED_AT =
        DSL.field(DSL.name("environment", "deleted_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> PURGE_AFTER =
        DSL.field(DSL.name("environment", "purge_after"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Boolean> OVER_QUOTA =
        DSL.field(DSL.name("environment", "over_quota"), SQLDataType.BOOLEAN);
    public static final Field<java.time.OffsetDateTime> NEXT_BACKUP_AT =
        DSL.field(DSL.name("environment", "next_backup_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Integer> BACKUP_FAILURES =
        DSL.field(DSL.name("environment", "backup_failures"), SQLDataType.INTEGER);
    public static final Field<String> LAST_BACKUP_ERROR =
        DSL.field(DSL.name("environment", "last_backup_error"), SQLDataType.VARCHAR);

    private Environment() {}
  }

  /** Table {@code environment_database}. */
  public static final class EnvironmentDatabase {
    public static final Table<Record> TABLE = DSL.table(DSL.name("environment_database"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("environment_database", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ENVIRONMENT_ID =
        DSL.field(DSL.name("environment_database", "environment_id"), SQLDataType.UUID);
    public static final Field<String> DATABASE_NAME =
        DSL.field(DSL.name("environment_database", "database_name"), SQLDataType.VARCHAR);
    public static final Field<String> DATABASE_URL =
        DSL.field(DSL.name("environment_database", "database_url"), SQLDataType.VARCHAR);
    public static final Field<String> DRIVER =
        DSL.field(DSL.name("environment_database", "driver"), SQLDataType.VARCHAR);
    public static final Field<java.util.UUID> SERVER_ID =
        DSL.field(DSL.name("environment_database", "server_id"), SQLDataType.UUID);
    public static final Field<String> REGION =
        DSL.field(DSL.name("environment_database", "region"), SQLDataType.VARCHAR);
    public static final Field<Integer> STORAGE_LIMIT_MB =
        DSL.field(DSL.name("environment_database", "storage_limit_mb"), SQLDataType.INTEGER);
    public static final Field<java.time.OffsetDateTime> LAST_ACCESSED_AT =
        DSL.field(
            DSL.name("environment_database", "last_accessed_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> PROVISIONED_AT =
        DSL.field(
            DSL.name("environment_database", "provisioned_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<org.jooq.JSONB> METADATA =
        DSL.field(DSL.name("environment_database", "metadata"), SQLDataType.JSONB);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(
            DSL.name("environment_database", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(
            DSL.name("environment_database", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    public static final Field<Long> SIZE_BYTES =
        DSL.field(DSL.name("environment_database", "size_bytes"), SQLDataType.BIGINT);
    public static final Field<java.time.OffsetDateTime> SIZE_MEASURED_AT =
        DSL.field(
            DSL.name("environment_database", "size_measured_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);

    private EnvironmentDatabase() {}
  }

  /** Table {@code operation}. */
  public static final class Operation {
    public static final Table<Record> TABLE = DSL.table(DSL.name("operation"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("operation", "id"), SQLDataType.UUID);
    public static final Field<String> KIND =
        DSL.field(DSL.name("operation", "kind"), SQLDataType.VARCHAR);
    public static final Field<String> RESOURCE_TYPE =
        DSL.field(DSL.name("operation", "resource_type"), SQLDataType.VARCHAR);
    public static final Field<java.util.UUID> RESOURCE_ID =
        DSL.field(DSL.name("operation", "resource_id"), SQLDataType.UUID);
    public static final Field<String> STATUS =
        DSL.field(DSL.name("operation", "status"), SQLDataType.VARCHAR);
    public static final Field<Integer> ATTEMPTS =
        DSL.field(DSL.name("operation", "attempts"), SQLDataType.INTEGER);
    public static final Field<String> ERROR =
        DSL.field(DSL.name("operation", "error"), SQLDataType.VARCHAR);
    public static final Field<org.jooq.JSONB> PAYLOAD =
        DSL.field(DSL.name("operation", "payload"), SQLDataType.JSONB);
    public static final Field<String> CREATED_BY =
        DSL.field(DSL.name("operation", "created_by"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("operation", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> STARTED_AT =
        DSL.field(DSL.name("operation", "started_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> FINISHED_AT =
        DSL.field(DSL.name("operation", "finished_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(DSL.name("operation", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private Operation() {}
  }

  /** Table {@code audit_event}. */
  public static final class AuditEvent {
    public static final Table<Record> TABLE = DSL.table(DSL.name("audit_event"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("audit_event", "id"), SQLDataType.UUID);
    public static final Field<java.time.OffsetDateTime> OCCURRED_AT =
        DSL.field(DSL.name("audit_event", "occurred_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> ACTOR =
        DSL.field(DSL.name("audit_event", "actor"), SQLDataType.VARCHAR);
    public static final Field<String> ACTION =
        DSL.field(DSL.name("audit_event", "action"), SQLDataType.VARCHAR);
    public static final Field<String> RESOURCE_TYPE =
        DSL.field(DSL.name("audit_event", "resource_type"), SQLDataType.VARCHAR);
    public static final Field<java.util.UUID> RESOURCE_ID =
        DSL.field(DSL.name("audit_event", "resource_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ORGANIZATION_ID =
        DSL.field(DSL.name("audit_event", "organization_id"), SQLDataType.UUID);
    public static final Field<org.jooq.JSONB> DETAILS =
        DSL.field(DSL.name("audit_event", "details"), SQLDataType.JSONB);

    private AuditEvent() {}
  }

  /** Table {@code api_key}. */
  public static final class ApiKey {
    public static final Table<Record> TABLE = DSL.table(DSL.name("api_key"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("api_key", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> USER_ID =
        DSL.field(DSL.name("api_key", "user_id"), SQLDataType.UUID);
    public static final Field<String> NAME =
        DSL.field(DSL.name("api_key", "name"), SQLDataType.VARCHAR);
    public static final Field<String> ROLE =
        DSL.field(DSL.name("api_key", "role"), SQLDataType.VARCHAR);
    public static final Field<String> PREFIX =
        DSL.field(DSL.name("api_key", "prefix"), SQLDataType.VARCHAR);
    public static final Field<byte[]> KEY_HASH =
        DSL.field(DSL.name("api_key", "key_hash"), SQLDataType.BLOB);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("api_key", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> LAST_USED_AT =
        DSL.field(DSL.name("api_key", "last_used_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> REVOKED_AT =
        DSL.field(DSL.name("api_key", "revoked_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> EXPIRES_AT =
        DSL.field(DSL.name("api_key", "expires_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Boolean> ALL_ORGANIZATIONS =
        DSL.field(DSL.name("api_key", "all_organizations"), SQLDataType.BOOLEAN);
    public static final Field<String> MAX_SCOPE =
        DSL.field(DSL.name("api_key", "max_scope"), SQLDataType.VARCHAR);

    private ApiKey() {}
  }

  /** {@code service_account_organization}: the organizations a data-plane key may serve. */
  public static final class ServiceAccountOrganization {
    public static final Table<Record> TABLE = DSL.table(DSL.name("service_account_organization"));
    public static final Field<java.util.UUID> API_KEY_ID =
        DSL.field(DSL.name("service_account_organization", "api_key_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ORGANIZATION_ID =
        DSL.field(DSL.name("service_account_organization", "organization_id"), SQLDataType.UUID);

    private ServiceAccountOrganization() {}
  }

  /** Table {@code idempotency_record}. */
  public static final class IdempotencyRecord {
    public static final Table<Record> TABLE = DSL.table(DSL.name("idempotency_record"));
    public static final Field<String> PRINCIPAL =
        DSL.field(DSL.name("idempotency_record", "principal"), SQLDataType.VARCHAR);
    public static final Field<String> IDEM_KEY =
        DSL.field(DSL.name("idempotency_record", "idem_key"), SQLDataType.VARCHAR);
    public static final Field<String> METHOD =
        DSL.field(DSL.name("idempotency_record", "method"), SQLDataType.VARCHAR);
    public static final Field<String> PATH =
        DSL.field(DSL.name("idempotency_record", "path"), SQLDataType.VARCHAR);
    public static final Field<String> REQUEST_HASH =
        DSL.field(DSL.name("idempotency_record", "request_hash"), SQLDataType.VARCHAR);
    public static final Field<Integer> STATUS_CODE =
        DSL.field(DSL.name("idempotency_record", "status_code"), SQLDataType.INTEGER);
    public static final Field<String> RESPONSE_BODY =
        DSL.field(DSL.name("idempotency_record", "response_body"), SQLDataType.VARCHAR);
    public static final Field<String> LOCATION =
        DSL.field(DSL.name("idempotency_record", "location"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("idempotency_record", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private IdempotencyRecord() {}
  }

  /** Table {@code scheduled_tasks}. */
  public static final class ScheduledTasks {
    public static final Table<Record> TABLE = DSL.table(DSL.name("scheduled_tasks"));
    public static final Field<String> TASK_NAME =
        DSL.field(DSL.name("scheduled_tasks", "task_name"), SQLDataType.VARCHAR);
    public static final Field<String> TASK_INSTANCE =
        DSL.field(DSL.name("scheduled_tasks", "task_instance"), SQLDataType.VARCHAR);
    public static final Field<byte[]> TASK_DATA =
        DSL.field(DSL.name("scheduled_tasks", "task_data"), SQLDataType.BLOB);
    public static final Field<java.time.OffsetDateTime> EXECUTION_TIME =
        DSL.field(DSL.name("scheduled_tasks", "execution_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Boolean> PICKED =
        DSL.field(DSL.name("scheduled_tasks", "picked"), SQLDataType.BOOLEAN);
    public static final Field<String> PICKED_BY =
        DSL.field(DSL.name("scheduled_tasks", "picked_by"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> LAST_HEARTBEAT =
        DSL.field(DSL.name("scheduled_tasks", "last_heartbeat"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Long> VERSION =
        DSL.field(DSL.name("scheduled_tasks", "version"), SQLDataType.BIGINT);
    public static final Field<Short> PRIORITY =
        DSL.field(DSL.name("scheduled_tasks", "priority"), SQLDataType.SMALLINT);
    public static final Field<Integer> CONSECUTIVE_FAILURES =
        DSL.field(DSL.name("scheduled_tasks", "consecutive_failures"), SQLDataType.INTEGER);

    private ScheduledTasks() {}
  }

  /** {@code database_credential}: sealed secrets of database logins. */
  public static final class DatabaseCredential {
    public static final Table<Record> TABLE = DSL.table(DSL.name("database_credential"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("database_credential", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> DATABASE_ID =
        DSL.field(DSL.name("database_credential", "database_id"), SQLDataType.UUID);
    public static final Field<String> USERNAME =
        DSL.field(DSL.name("database_credential", "username"), SQLDataType.VARCHAR);
    public static final Field<byte[]> TOKEN_CIPHER =
        DSL.field(DSL.name("database_credential", "token_cipher"), SQLDataType.BLOB);
    public static final Field<byte[]> ENCRYPTED_DATA_KEY =
        DSL.field(DSL.name("database_credential", "encrypted_data_key"), SQLDataType.BLOB);
    public static final Field<String> KMS_KEY_ID =
        DSL.field(DSL.name("database_credential", "kms_key_id"), SQLDataType.VARCHAR);
    public static final Field<String> SCOPE =
        DSL.field(DSL.name("database_credential", "scope"), SQLDataType.VARCHAR);
    public static final Field<String> STATUS =
        DSL.field(DSL.name("database_credential", "status"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> ISSUED_AT =
        DSL.field(DSL.name("database_credential", "issued_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> EXPIRES_AT =
        DSL.field(DSL.name("database_credential", "expires_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.util.UUID> ROTATED_FROM =
        DSL.field(DSL.name("database_credential", "rotated_from"), SQLDataType.UUID);
    public static final Field<java.time.OffsetDateTime> REVOKED_AT =
        DSL.field(DSL.name("database_credential", "revoked_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Integer> ROTATION_FAILURES =
        DSL.field(DSL.name("database_credential", "rotation_failures"), SQLDataType.INTEGER);
    public static final Field<String> LAST_ROTATION_ERROR =
        DSL.field(DSL.name("database_credential", "last_rotation_error"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> NEXT_ROTATION_AT =
        DSL.field(
            DSL.name("database_credential", "next_rotation_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> GRACE_UNTIL =
        DSL.field(
            DSL.name("database_credential", "grace_until"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> CREATED_BY =
        DSL.field(DSL.name("database_credential", "created_by"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(DSL.name("database_credential", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private DatabaseCredential() {}
  }

  /** Table {@code database_server}. */
  public static final class DatabaseServer {
    public static final Table<Record> TABLE = DSL.table(DSL.name("database_server"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("database_server", "id"), SQLDataType.UUID);
    public static final Field<String> DRIVER =
        DSL.field(DSL.name("database_server", "driver"), SQLDataType.VARCHAR);
    public static final Field<String> NAME =
        DSL.field(DSL.name("database_server", "name"), SQLDataType.VARCHAR);
    public static final Field<String> REGION =
        DSL.field(DSL.name("database_server", "region"), SQLDataType.VARCHAR);
    public static final Field<String> ADMIN_URL =
        DSL.field(DSL.name("database_server", "admin_url"), SQLDataType.VARCHAR);
    public static final Field<String> ADMIN_USERNAME =
        DSL.field(DSL.name("database_server", "admin_username"), SQLDataType.VARCHAR);
    public static final Field<byte[]> ADMIN_SECRET_CIPHER =
        DSL.field(DSL.name("database_server", "admin_secret_cipher"), SQLDataType.BLOB);
    public static final Field<byte[]> ADMIN_ENCRYPTED_DATA_KEY =
        DSL.field(DSL.name("database_server", "admin_encrypted_data_key"), SQLDataType.BLOB);
    public static final Field<String> KMS_KEY_ID =
        DSL.field(DSL.name("database_server", "kms_key_id"), SQLDataType.VARCHAR);
    public static final Field<org.jooq.JSONB> OPTIONS =
        DSL.field(DSL.name("database_server", "options"), SQLDataType.JSONB);
    public static final Field<Integer> CAPACITY =
        DSL.field(DSL.name("database_server", "capacity"), SQLDataType.INTEGER);
    public static final Field<String> STATUS =
        DSL.field(DSL.name("database_server", "status"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("database_server", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> UPDATED_AT =
        DSL.field(DSL.name("database_server", "updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private DatabaseServer() {}
  }

  /** {@code app_user}: people. */
  public static final class AppUser {
    public static final Table<Record> TABLE = DSL.table(DSL.name("app_user"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("app_user", "id"), SQLDataType.UUID);
    public static final Field<String> EMAIL =
        DSL.field(DSL.name("app_user", "email"), SQLDataType.VARCHAR);
    public static final Field<String> NAME =
        DSL.field(DSL.name("app_user", "name"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("app_user", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> DISABLED_AT =
        DSL.field(DSL.name("app_user", "disabled_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private AppUser() {}
  }

  /** {@code organization_member}: organization roles. */
  public static final class OrganizationMember {
    public static final Table<Record> TABLE = DSL.table(DSL.name("organization_member"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("organization_member", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ORGANIZATION_ID =
        DSL.field(DSL.name("organization_member", "organization_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> USER_ID =
        DSL.field(DSL.name("organization_member", "user_id"), SQLDataType.UUID);
    public static final Field<String> ROLE =
        DSL.field(DSL.name("organization_member", "role"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("organization_member", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private OrganizationMember() {}
  }

  /** {@code environment_member}: environment roles. */
  public static final class EnvironmentMember {
    public static final Table<Record> TABLE = DSL.table(DSL.name("environment_member"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("environment_member", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ENVIRONMENT_ID =
        DSL.field(DSL.name("environment_member", "environment_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ORGANIZATION_ID =
        DSL.field(DSL.name("environment_member", "organization_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> USER_ID =
        DSL.field(DSL.name("environment_member", "user_id"), SQLDataType.UUID);
    public static final Field<String> ROLE =
        DSL.field(DSL.name("environment_member", "role"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("environment_member", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private EnvironmentMember() {}
  }

  /** {@code user_session}: sessions and their active environment. */
  public static final class UserSession {
    public static final Table<Record> TABLE = DSL.table(DSL.name("user_session"));
    public static final Field<java.util.UUID> ID =
        DSL.field(DSL.name("user_session", "id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> USER_ID =
        DSL.field(DSL.name("user_session", "user_id"), SQLDataType.UUID);
    public static final Field<java.util.UUID> ACTIVE_ENVIRONMENT_ID =
        DSL.field(DSL.name("user_session", "active_environment_id"), SQLDataType.UUID);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("user_session", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> EXPIRES_AT =
        DSL.field(DSL.name("user_session", "expires_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> REVOKED_AT =
        DSL.field(DSL.name("user_session", "revoked_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private UserSession() {}
  }

  /** {@code session_signing_key}: keys that sign session tokens. */
  public static final class SessionSigningKey {
    public static final Table<Record> TABLE = DSL.table(DSL.name("session_signing_key"));
    public static final Field<String> KID =
        DSL.field(DSL.name("session_signing_key", "kid"), SQLDataType.VARCHAR);
    public static final Field<String> ALGORITHM =
        DSL.field(DSL.name("session_signing_key", "algorithm"), SQLDataType.VARCHAR);
    public static final Field<org.jooq.JSONB> PUBLIC_JWK =
        DSL.field(DSL.name("session_signing_key", "public_jwk"), SQLDataType.JSONB);
    public static final Field<byte[]> PRIVATE_CIPHER =
        DSL.field(DSL.name("session_signing_key", "private_cipher"), SQLDataType.BLOB);
    public static final Field<byte[]> ENCRYPTED_DATA_KEY =
        DSL.field(DSL.name("session_signing_key", "encrypted_data_key"), SQLDataType.BLOB);
    public static final Field<String> KMS_KEY_ID =
        DSL.field(DSL.name("session_signing_key", "kms_key_id"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(DSL.name("session_signing_key", "created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> SUPERSEDED_AT =
        DSL.field(
            DSL.name("session_signing_key", "superseded_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<java.time.OffsetDateTime> RETIRED_AT =
        DSL.field(DSL.name("session_signing_key", "retired_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private SessionSigningKey() {}
  }

  /** {@code database_server_driver_key}: a server's driver signing secret, sealed by the KMS. */
  public static final class DatabaseServerDriverKey {
    public static final Table<Record> TABLE = DSL.table(DSL.name("database_server_driver_key"));
    public static final Field<java.util.UUID> SERVER_ID =
        DSL.field(DSL.name("database_server_driver_key", "server_id"), SQLDataType.UUID);
    public static final Field<byte[]> KEY_CIPHER =
        DSL.field(DSL.name("database_server_driver_key", "key_cipher"), SQLDataType.BLOB);
    public static final Field<byte[]> ENCRYPTED_DATA_KEY =
        DSL.field(DSL.name("database_server_driver_key", "encrypted_data_key"), SQLDataType.BLOB);
    public static final Field<String> KMS_KEY_ID =
        DSL.field(DSL.name("database_server_driver_key", "kms_key_id"), SQLDataType.VARCHAR);
    public static final Field<java.time.OffsetDateTime> CREATED_AT =
        DSL.field(
            DSL.name("database_server_driver_key", "created_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);

    private DatabaseServerDriverKey() {}
  }
}
