package io.omnimargin.intent.wiring;

import io.omnimargin.intent.core.IntakeService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the intake service at start-up rather than on the first request, so that a bad
 * configuration stops the process at once and the logs say which recovery, store and domain run.
 */
@Singleton
public class StartupReport {
  private static final Logger LOG = Logger.getLogger(StartupReport.class);

  void report(@Observes StartupEvent event, IntakeService intake) {
    LOG.infof("Intake ready (%s)", intake.getClass().getSimpleName());
  }
}
