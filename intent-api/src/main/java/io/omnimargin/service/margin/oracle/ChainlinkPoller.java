package io.omnimargin.service.margin.oracle;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.oracle.AggregatorRound;
import io.omnimargin.margin.oracle.PublishTimeGuard;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.settlement.chain.EvmChain;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Polls each configured aggregator's {@code latestRoundData} and sends a price tick when a new
 * round appears. A feed that fails (node down, bad round, a round published ahead of the hub's
 * clock) is logged when it starts and stops failing, not on every poll, and keeps its last good
 * price in the engine, where the stale-price rules take over; a round from the future is skipped
 * until the clock has caught up with it.
 */
@Startup
@Singleton
public class ChainlinkPoller {
  private static final Logger LOG = Logger.getLogger(ChainlinkPoller.class);

  /** The composite index source every Chainlink feed's rounds are. */
  public static final String SOURCE = "chainlink";

  private final Map<String, String> feeds = new LinkedHashMap<>();
  private final Map<String, Integer> decimals = new ConcurrentHashMap<>();
  private final Map<String, Long> lastUpdatedAt = new ConcurrentHashMap<>();
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private final MarginInputs inputs;
  private final PublishTimeGuard guard;
  private EvmChain chain;
  private AggregatorReader reader;
  private ScheduledExecutorService timer;

  ChainlinkPoller(
      OmnimarginConfig config, RiskConfig risk, MarginInputs inputs, PublishTimeGuard guard) {
    this.inputs = inputs;
    this.guard = guard;
    OmnimarginConfig.Chainlink chainlink = config.oracle().chainlink();
    if (chainlink.rpcUrl().isEmpty()) {
      if (!chainlink.feeds().isEmpty()) {
        throw new IllegalStateException(
            "omnimargin.oracle.chainlink.feeds is set but omnimargin.oracle.chainlink.rpc-url is not");
      }
      return;
    }
    chainlink
        .feeds()
        .forEach(
            (asset, address) -> {
              try {
                risk.asset(asset);
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                    "omnimargin.oracle.chainlink.feeds." + asset + ": unknown asset");
              }
              try {
                feeds.put(asset, Address.parse(address).toChecksumHex());
              } catch (RuntimeException e) {
                throw new IllegalStateException(
                    "omnimargin.oracle.chainlink.feeds." + asset + ": not an address: " + address);
              }
            });
    chain = new EvmChain(chainlink.rpcUrl().get());
    reader = new AggregatorReader(chain);
    long every = chainlink.pollInterval().toMillis();
    timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("chainlink-poller"));
    timer.scheduleWithFixedDelay(this::pollAll, 0, every, TimeUnit.MILLISECONDS);
    LOG.infof(
        "Chainlink reader: %d feed(s) %s on %s every %d ms",
        feeds.size(), feeds, chainlink.rpcUrl().get(), every);
  }

  void pollAll() {
    feeds.forEach(this::poll);
  }

  private void poll(String asset, String aggregator) {
    try {
      int d = decimals.computeIfAbsent(aggregator, reader::decimals);
      AggregatorRound round = reader.latestRound(aggregator);
      Price price = round.toPrice(d);
      guard.check(price.publishTime());
      recovered(asset);
      Long seen = lastUpdatedAt.put(asset, price.publishTime());
      if (seen == null || seen != price.publishTime()) {
        // one source of the asset's composite index, whatever the round
        inputs.offer(new EngineInput.PriceTick(asset, price, SOURCE));
      }
    } catch (RuntimeException e) {
      String reason = e.getMessage();
      if (!reason.equals(failing.put(asset, reason))) {
        LOG.warnf("Chainlink feed %s (%s) failing: %s", asset, aggregator, reason);
      }
    }
  }

  private void recovered(String asset) {
    if (failing.remove(asset) != null) {
      LOG.infof("Chainlink feed %s answering again", asset);
    }
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
      chain.close();
    }
  }
}
