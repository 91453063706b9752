package io.envprov.controlplane.store;

import org.jooq.Transaction;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * jOOQ's {@code transaction}/{@code transactionResult} as Spring transactions on the store's
 * DataSource, so that everything on the thread (jOOQ, db-scheduler's {@code SchedulerClient})
 * writes through the same connection and commits once. A call made inside a running transaction
 * joins it ({@code PROPAGATION_REQUIRED}) instead of opening a savepoint as Spring Boot's own
 * provider does: services compose, and a nested call costs no extra round trip.
 */
final class SpringTransactions implements TransactionProvider {

  private static final TransactionDefinition REQUIRED =
      new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRED);

  private final PlatformTransactionManager manager;

  SpringTransactions(PlatformTransactionManager manager) {
    this.manager = manager;
  }

  @Override
  public void begin(TransactionContext context) {
    context.transaction(new Running(manager.getTransaction(REQUIRED)));
  }

  @Override
  public void commit(TransactionContext context) {
    manager.commit(status(context));
  }

  @Override
  public void rollback(TransactionContext context) {
    manager.rollback(status(context));
  }

  private static TransactionStatus status(TransactionContext context) {
    return ((Running) context.transaction()).status();
  }

  private record Running(TransactionStatus status) implements Transaction {}
}
