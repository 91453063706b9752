package io.envprov.controlplane.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a {@link StartupRefused} as Boot's "APPLICATION FAILED TO START" with its one-line
 * reason, wherever it sits in the chain of causes (a bean's creation, a property binding).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupRefusedFailureAnalyzer extends AbstractFailureAnalyzer<StartupRefused> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StartupRefused cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
