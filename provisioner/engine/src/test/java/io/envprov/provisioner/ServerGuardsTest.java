package io.envprov.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envprov.driver.spi.DriverException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerGuardsTest {

  private final ServerGuards guards = new ServerGuards(Duration.ofMillis(200), 2);

  @AfterEach
  void close() {
    guards.close();
  }

  @Test
  void a_call_that_hangs_is_cut_off_as_a_transient_failure() {
    assertThatThrownBy(
            () ->
                guards.call(
                    "server-a",
                    () -> {
                      try {
                        Thread.sleep(5_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "late";
                    }))
        .isInstanceOf(DriverException.class)
        .matches(e -> ((DriverException) e).isTransient())
        .hasMessageContaining("longer than 200 ms");
  }

  @Test
  void a_bulk_call_may_take_longer_than_an_ordinary_one_but_not_longer_than_its_own_limit() {
    try (ServerGuards bulk =
        new ServerGuards(Duration.ofMillis(100), Duration.ofMillis(2_000), 2)) {
      assertThat(bulk.callBulk("server-a", () -> sleepThen(400, "restored"))).isEqualTo("restored");
      assertThatThrownBy(() -> bulk.call("server-a", () -> sleepThen(400, "late")))
          .hasMessageContaining("longer than 100 ms");
      assertThatThrownBy(() -> bulk.callBulk("server-a", () -> sleepThen(5_000, "late")))
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("longer than 2000 ms");
    }
  }

  private static String sleepThen(long millis, String result) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  @Test
  void a_server_that_keeps_failing_opens_its_circuit_and_its_calls_stop_reaching_it() {
    AtomicInteger reached = new AtomicInteger();
    for (int i = 0; i < 10; i++) {
      try {
        guards.call(
            "server-b",
            () -> {
              reached.incrementAndGet();
              throw DriverException.transientFailure("connection refused", null);
            });
      } catch (DriverException expected) {
        // counted by the breaker
      }
    }

    assertThat(guards.isOpen("server-b")).isTrue();
    assertThat(guards.isOpen("server-c")).isFalse();
    assertThat(reached.get()).isLessThan(10);
    assertThatThrownBy(() -> guards.call("server-b", () -> "x"))
        .hasMessageContaining("circuit open");
  }

  @Test
  void permanent_failures_do_not_open_the_circuit() {
    for (int i = 0; i < 10; i++) {
      try {
        guards.call(
            "server-d",
            () -> {
              throw DriverException.permanent("syntax error", null);
            });
      } catch (DriverException expected) {
        // a bad request is not the server's fault
      }
    }

    assertThat(guards.isOpen("server-d")).isFalse();
  }

  @Test
  void local_calls_are_time_limited_too() {
    assertThat(guards.call(null, () -> "ok")).isEqualTo("ok");
  }
}
