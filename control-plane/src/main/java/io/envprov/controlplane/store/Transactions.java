package io.envprov.controlplane.store;

import java.util.function.Function;
import org.jooq.DSLContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reactive (R2DBC) transactions of the control-plane store. */
public final class Transactions {

  private Transactions() {}

  /**
   * Runs {@code work} in one transaction; the result is emitted after the commit. {@code work} must
   * emit exactly one value.
   */
  public static <T> Mono<T> reactive(DSLContext dsl, Function<DSLContext, Mono<T>> work) {
    // Flux.single() waits for completion, which jOOQ signals after the commit; Mono.from or next()
    // would cancel the transaction's publisher at its first element, before the commit.
    return Flux.from(dsl.transactionPublisher(configuration -> work.apply(configuration.dsl())))
        .single();
  }
}
