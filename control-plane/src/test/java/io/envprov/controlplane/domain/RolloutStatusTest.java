package io.envprov.controlplane.domain;

import static io.envprov.controlplane.domain.RolloutStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A rollout's life (running <-> paused, then succeeded or aborted) and its targets' statuses. */
class RolloutStatusTest {

  @Test
  void a_rollout_pauses_and_resumes_until_it_ends() {
    assertThat(RUNNING.next()).containsExactlyInAnyOrder(PAUSED, SUCCEEDED, ABORTED);
    assertThat(PAUSED.next()).containsExactlyInAnyOrder(RUNNING, ABORTED);
    assertThat(PAUSED.canBecome(SUCCEEDED)).as("a paused rollout does not succeed").isFalse();
    assertThat(RUNNING.canBecome(RUNNING)).isFalse();
    assertThat(SUCCEEDED.finished()).isTrue();
    assertThat(ABORTED.finished()).isTrue();
    assertThat(PAUSED.finished()).isFalse();
    assertThat(RolloutStatus.fromSql("paused")).isSameAs(PAUSED);
    assertThatThrownBy(() -> RolloutStatus.fromSql("Paused"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void only_pending_and_running_targets_are_still_to_do_and_only_failures_count() {
    assertThat(RolloutTargetStatus.PENDING.toDo()).isTrue();
    assertThat(RolloutTargetStatus.RUNNING.toDo()).isTrue();
    assertThat(RolloutTargetStatus.SKIPPED_NOT_ACTIVE.toDo()).isFalse();
    assertThat(RolloutTargetStatus.FAILED.failure()).isTrue();
    assertThat(RolloutTargetStatus.SKIPPED_DRIFT.failure()).isFalse();
    assertThat(RolloutTargetStatus.SKIPPED_DRIFT.sqlValue()).isEqualTo("skipped_drift");
    assertThat(RolloutTargetStatus.fromSql("skipped_not_active"))
        .isSameAs(RolloutTargetStatus.SKIPPED_NOT_ACTIVE);
  }
}
