package io.envprov.provisioner;

import static io.envprov.provisioner.OperationStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An operation's life: pending -> running (again, when revived) -> succeeded | failed. */
class OperationStatusTest {

  @Test
  void an_operation_runs_then_finishes_for_good() {
    assertThat(PENDING.canBecome(RUNNING)).isTrue();
    assertThat(RUNNING.canBecome(RUNNING)).isTrue();
    assertThat(RUNNING.canBecome(SUCCEEDED)).isTrue();
    assertThat(RUNNING.canBecome(FAILED)).isTrue();
    assertThat(PENDING.canBecome(SUCCEEDED)).isFalse();
    assertThat(PENDING.canBecome(FAILED)).isFalse();
    for (OperationStatus next : values()) {
      assertThat(SUCCEEDED.canBecome(next)).isFalse();
      assertThat(FAILED.canBecome(next)).isFalse();
    }
    assertThat(OperationStatus.claimable()).containsExactlyInAnyOrder(PENDING, RUNNING);
    assertThat(SUCCEEDED.finished()).isTrue();
    assertThat(RUNNING.finished()).isFalse();
  }

  @Test
  void stored_values_are_the_lower_case_names() {
    for (OperationStatus status : values()) {
      assertThat(OperationStatus.fromSql(status.sqlValue())).isSameAs(status);
    }
    for (OperationKind kind : OperationKind.values()) {
      assertThat(OperationKind.fromSql(kind.sqlValue())).isSameAs(kind);
    }
    assertThat(OperationKind.DEPROVISION.sqlValue()).isEqualTo("deprovision");
    assertThatThrownBy(() -> OperationKind.fromSql("rotate"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
