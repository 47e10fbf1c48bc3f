package io.omnimargin.service.wiring;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Meters the service does not publish. */
public class MeterFilters {

  /**
   * Netty's {@code netty.eventexecutor.workers} (the count of event-loop threads): Quarkus binds it
   * for Vert.x's event loops and its acceptor loop under one untagged id, so the second is refused
   * with a WARN at every start. The per-loop {@code netty.eventexecutor.tasks.pending} stays.
   */
  @Produces
  @Singleton
  MeterFilter noUntaggedNettyWorkerCount() {
    return MeterFilter.denyNameStartsWith("netty.eventexecutor.workers");
  }
}
