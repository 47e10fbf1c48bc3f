package io.omnimargin.service.clearing;

import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.cluster.partition.PartitionedLiquidations;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.clearing.LiquidationLedger;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.service.cluster.LiquidationRelay;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The liquidation auction: the desk hears the engine's events, offers each liquidation to the
 * connected solvers and completes it on a thread of its own, never on the engine's.
 */
@Singleton
public class LiquidationBeans {
  private static final Logger LOG = Logger.getLogger(LiquidationBeans.class);

  @Produces
  @Singleton
  @Named("liquidation-desk")
  ExecutorScheduler liquidationThread() {
    return new ExecutorScheduler("liquidation-desk");
  }

  void closeThread(@Disposes @Named("liquidation-desk") ExecutorScheduler thread) {
    thread.close();
  }

  @Produces
  @Singleton
  LiquidationDesk liquidationDesk(
      MarginEngine engine,
      MarginBook book,
      LiquidationLedger ledger,
      SolverRegistry registry,
      SolverFeed feed,
      IntakePolicy policy,
      SignatureRecovery recovery,
      Clock clock,
      @Named("liquidation-desk") ExecutorScheduler thread,
      OmnimarginConfig config) {
    return new LiquidationDesk(
        book,
        ledger,
        registry,
        feed,
        policy.domain(),
        recovery,
        clock,
        thread,
        config.clearing().liquidationWindow());
  }

  /**
   * Where liquidations are completed: the engine's own, or the partitions' on a partitioned ledger.
   */
  @Produces
  @Singleton
  LiquidationLedger liquidationLedger(
      MarginEngine engine, PartitionedLedger partitioned, OmnimarginConfig config) {
    return partitioned.on()
        ? new PartitionedLiquidations(partitioned.writer(), config.cluster().timeout())
        : LiquidationLedger.of(engine);
  }

  /**
   * From start-up on, liquidations wait for the desk: it listens before the engine is told, so no
   * liquidation is left open without one.
   */
  void start(
      @Observes StartupEvent started,
      LiquidationDesk desk,
      LiquidationLedger ledger,
      LiquidationRelay relay,
      AccountEventHub events,
      MarginEngine engine,
      OmnimarginConfig config) {
    if (relay.on()) {
      relay.start(desk, ledger); // the partitions' engines, wherever the owner's desk is
    } else {
      events.listen(desk);
    }
    engine.useLiquidationDesk(true);
    LOG.infof(
        "Liquidations: offered to solvers for %d ms before the insurance fund",
        config.clearing().liquidationWindow().toMillis());
  }
}
