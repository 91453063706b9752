package io.envprov.controlplane.domain;

import static io.envprov.controlplane.domain.EnvironmentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The environment lifecycle: every move allowed, every other refused, and the rules built on it.
 */
class EnvironmentStatusTest {

  /**
   * provisioning -> active <-> suspended -> deprovisioning -> archived, failed (retryable); active
   * or suspended -> restoring -> back; active or suspended -> deleted -> recovered or purged.
   */
  private static final Map<EnvironmentStatus, Set<EnvironmentStatus>> ALLOWED =
      Map.of(
          PROVISIONING, EnumSet.of(ACTIVE, FAILED),
          ACTIVE, EnumSet.of(SUSPENDED, DEPROVISIONING, RESTORING, DELETED),
          SUSPENDED, EnumSet.of(ACTIVE, DEPROVISIONING, RESTORING, DELETED),
          DEPROVISIONING, EnumSet.of(ARCHIVED, FAILED),
          FAILED, EnumSet.of(PROVISIONING, DEPROVISIONING),
          ARCHIVED, EnumSet.noneOf(EnvironmentStatus.class),
          RESTORING, EnumSet.of(ACTIVE, SUSPENDED),
          DELETED, EnumSet.of(ACTIVE, DEPROVISIONING));

  @Test
  void exactly_the_lifecycle_moves_are_allowed() {
    for (EnvironmentStatus from : values()) {
      for (EnvironmentStatus to : values()) {
        assertThat(from.canBecome(to))
            .as("%s -> %s", from, to)
            .isEqualTo(ALLOWED.get(from).contains(to));
      }
    }
  }

  @Test
  void refused_moves_include_skipping_provisioning_reviving_the_archived_and_staying_put() {
    assertThat(ARCHIVED.next()).isEmpty();
    assertThat(PROVISIONING.canBecome(SUSPENDED)).isFalse();
    assertThat(PROVISIONING.canBecome(DEPROVISIONING)).isFalse();
    assertThat(SUSPENDED.canBecome(FAILED)).isFalse();
    assertThat(FAILED.canBecome(ACTIVE)).isFalse();
    for (EnvironmentStatus status : values()) {
      assertThat(status.canBecome(status)).as("%s -> itself", status).isFalse();
    }
  }

  @Test
  void suspend_resume_delete_retry_and_copy_follow_the_lifecycle() {
    assertThat(statuses(EnvironmentStatus::suspendable)).containsExactly(ACTIVE);
    // provisioning -> active is the worker's move, not a resume.
    assertThat(statuses(EnvironmentStatus::resumable)).containsExactly(SUSPENDED);
    assertThat(statuses(EnvironmentStatus::deletable)).containsExactly(ACTIVE, SUSPENDED, FAILED);
    assertThat(statuses(EnvironmentStatus::retryable)).containsExactly(FAILED);
    assertThat(statuses(EnvironmentStatus::copyable)).containsExactly(ACTIVE, SUSPENDED);
    assertThat(statuses(EnvironmentStatus::keptOnDelete)).containsExactly(ACTIVE, SUSPENDED);
    assertThat(statuses(EnvironmentStatus::restorable)).containsExactly(ACTIVE, SUSPENDED);
    assertThat(statuses(EnvironmentStatus::recoverable)).containsExactly(DELETED);
    assertThat(statuses(EnvironmentStatus::acceptsChanges)).doesNotContain(ARCHIVED).hasSize(7);
    for (EnvironmentStatus status : values()) {
      // Every action is a move the lifecycle allows.
      assertThat(!status.suspendable() || status.canBecome(SUSPENDED)).isTrue();
      assertThat(!status.resumable() || status.canBecome(ACTIVE)).isTrue();
      assertThat(!status.retryable() || status.canBecome(PROVISIONING)).isTrue();
      assertThat(!status.keptOnDelete() || status.canBecome(DELETED)).isTrue();
      assertThat(!status.restorable() || status.canBecome(RESTORING)).isTrue();
      assertThat(!status.recoverable() || status.canBecome(ACTIVE)).isTrue();
    }
  }

  @Test
  void credentials_connections_and_sessions_depend_on_the_status() {
    assertThat(statuses(EnvironmentStatus::servesConnections)).containsExactly(ACTIVE);
    assertThat(statuses(EnvironmentStatus::rotatesCredentials))
        .containsExactly(ACTIVE, SUSPENDED, RESTORING);
    assertThat(statuses(EnvironmentStatus::admitsSessions))
        .containsExactly(PROVISIONING, ACTIVE, SUSPENDED, FAILED, RESTORING);
    assertThat(statuses(EnvironmentStatus::transitional))
        .containsExactly(PROVISIONING, DEPROVISIONING, RESTORING);
    assertThat(statuses(EnvironmentStatus::live)).doesNotContain(ARCHIVED).hasSize(7);
    // Usage: the settled databases are measured, a deleted one too (it still holds its server).
    assertThat(statuses(EnvironmentStatus::measured)).containsExactly(ACTIVE, SUSPENDED, DELETED);
    assertThat(EnvironmentStatus.INITIAL).isEqualTo(PROVISIONING);
  }

  @Test
  void stored_values_are_the_lower_case_names_and_nothing_else_parses() {
    for (EnvironmentStatus status : values()) {
      assertThat(EnvironmentStatus.fromSql(status.sqlValue())).isSameAs(status);
      assertThat(status.toString()).isEqualTo(status.sqlValue());
    }
    assertThat(DEPROVISIONING.sqlValue()).isEqualTo("deprovisioning");
    assertThatThrownBy(() -> EnvironmentStatus.fromSql("ACTIVE"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnvironmentStatus.fromSql("removed"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<EnvironmentStatus> statuses(
      java.util.function.Predicate<EnvironmentStatus> rule) {
    Set<EnvironmentStatus> matching = EnumSet.noneOf(EnvironmentStatus.class);
    for (EnvironmentStatus status : values()) {
      if (rule.test(status)) {
        matching.add(status);
      }
    }
    return matching;
  }
}
