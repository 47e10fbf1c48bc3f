package io.omnimargin.service.settlement;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.settlement.CashPayouts;
import io.omnimargin.hub.settlement.CollateralTokens;
import io.omnimargin.hub.settlement.FrontDesk;
import io.omnimargin.hub.settlement.InMemoryPendingSeizures;
import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.hub.settlement.ProvisionalCredits;
import io.omnimargin.hub.settlement.RouteWatch;
import io.omnimargin.hub.settlement.SeizureDesk;
import io.omnimargin.hub.settlement.SeizureLog;
import io.omnimargin.hub.settlement.SettlementChain;
import io.omnimargin.hub.settlement.SettlementLoop;
import io.omnimargin.hub.settlement.WithdrawalDesk;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.cluster.OwnerOnly;
import io.omnimargin.service.cluster.WriterStarted;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisFrontStore;
import io.omnimargin.service.store.RedisPendingSeizures;
import io.omnimargin.service.store.RedisSettlementJournal;
import io.omnimargin.settlement.credit.FileSettlementJournal;
import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.FrontedCredits;
import io.omnimargin.settlement.credit.InMemoryFrontStore;
import io.omnimargin.settlement.credit.InMemorySettlementJournal;
import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Assembles settlement from configuration: the journal, one {@link SettlementChain} per source
 * chain (see {@link ChainAssembly}), the hub's front, withdrawal and seizure desks, and the timer
 * that steps the {@link SettlementLoop}. The workflows themselves live in the hub module.
 */
@Startup
@Singleton
public class SettlementWiring {
  private final Optional<BigInteger> debtThreshold;
  private static final Logger LOG = Logger.getLogger(SettlementWiring.class);

  private final SettlementJournal journal;
  private final PendingSeizures pendingSeizures;
  private final ChainAssembly assembly = new ChainAssembly();
  private final SettlementLoop loop;
  private final FrontDesk fronts;
  private final SeizureLog seizureLog = new SeizureLog(100);
  private final ExecutorScheduler timer;
  private volatile WithdrawalDesk withdrawals; // with the hub's keys only
  private final FrontedCredits fronted;
  private Runnable passes;
  private final OwnerOnly ownerOnly;
  private long passMillis;

  SettlementWiring(
      OmnimarginConfig config,
      RiskConfig risk,
      MarginInputs inputs,
      IntentStore store,
      IntentEventBus intentEvents,
      Clock clock,
      MarginBook engine,
      AccountEventHub accountEvents,
      Instance<EmbeddedStorage> embedded,
      Instance<RedisDataSource> redis,
      RouteWatch routeWatch,
      OwnerOnly ownerOnly) {
    this.ownerOnly = ownerOnly;
    OmnimarginConfig.Settlement settlement = config.settlement();
    this.debtThreshold = config.clearing().debtSeizureThreshold().map(Wad::of);
    CollateralTokens tokens = new CollateralTokens(risk);
    Keeping keeping = Keeping.from(config, embedded, redis);
    journal = keeping.journal();
    pendingSeizures = keeping.seizures();
    Relayers relayers = Relayers.from(settlement, assembly);
    Map<Long, SettlementChain> chains = new HashMap<>();
    fronted = new FrontedCredits(journal, keeping.fronts(), settlement.frontLimit());
    fronts = frontDesk(config, chains, tokens, engine, inputs, clock);
    loop = new SettlementLoop(chains, tokens, fronts, inputs);
    settlement
        .chains()
        .forEach(
            (id, chain) -> {
              long chainId = ChainAssembly.chainId(id, risk);
              chains.put(
                  chainId,
                  assembly.chain(
                      id, chain, journal, loop, relayers.of(chain.rpcUrls()), routeWatch));
            });
    if (chains.isEmpty()) {
      LOG.info("Settlement: no source chain configured (omnimargin.settlement.chains); off");
      timer = null;
      return;
    }
    timer = new ExecutorScheduler("settlement");
    passes = pass(routeWatch);
    passMillis = settlement.pollInterval().toMillis();
    relayers
        .hubKey()
        .ifPresentOrElse(
            hub ->
                desks(
                    settlement,
                    hub,
                    store,
                    intentEvents,
                    clock,
                    engine,
                    risk,
                    tokens,
                    inputs,
                    chains,
                    accountEvents),
            () ->
                LOG.info(
                    "Settlement: omnimargin.settlement.hub-key/relayer-key unset; withdrawal"
                        + " intents stay open"));
  }

  /**
   * Settles only where the ledger is written: one settler per chain in the whole cluster, the
   * ledger's owner.
   */
  void start(@Observes WriterStarted started) {
    // what the former owner fronted (the store is shared in a cluster)
    fronted.reload();
    if (timer != null) {
      // bridge health is scored after every pass: m and L_route follow what the pass saw
      timer.repeat(passes, passMillis);
    }
  }

  private Runnable pass(RouteWatch routeWatch) {
    return () -> {
      loop.stepAll();
      routeWatch.scoreAll();
    };
  }

  private FrontDesk frontDesk(
      OmnimarginConfig config,
      Map<Long, SettlementChain> chains,
      CollateralTokens tokens,
      MarginBook engine,
      MarginInputs inputs,
      Clock clock) {
    return new FrontDesk(
        fronted,
        Set.copyOf(config.solvers().allow().orElse(List.of())),
        chains,
        tokens,
        engine,
        inputs,
        clock,
        config.settlement().frontMaxAge().toSeconds());
  }

  private void desks(
      OmnimarginConfig.Settlement settlement,
      PrivateKey hub,
      IntentStore store,
      IntentEventBus intentEvents,
      Clock clock,
      MarginBook engine,
      RiskConfig risk,
      CollateralTokens tokens,
      MarginInputs inputs,
      Map<Long, SettlementChain> chains,
      AccountEventHub accountEvents) {
    withdrawals =
        new WithdrawalDesk(
            store,
            intentEvents,
            clock,
            hub,
            chains,
            timer::execute,
            new CashPayouts(engine, risk, inputs));
    intentEvents.listen(ownerOnly.of(withdrawals));
    loop.onApplied(withdrawals::applied);
    settlement
        .insuranceAddress()
        .ifPresent(
            insurance -> {
              SeizureDesk seizures =
                  new SeizureDesk(
                      engine,
                      risk,
                      tokens,
                      inputs,
                      hub,
                      insurance,
                      chains,
                      timer::execute,
                      pendingSeizures,
                      debtThreshold,
                      seizureLog);
              accountEvents.listen(seizures);
              loop.onApplied((key, chainId) -> seizures.applied(key));
            });
    LOG.infof("Settlement: withdrawals released by hub %s", hub.address());
  }

  /** After a restart: withdrawals left open are released now (see WithdrawalDesk#resume). */
  public void resume(Collection<Intent> live) {
    WithdrawalDesk desk = withdrawals;
    if (desk != null) {
      live.forEach(desk::resume);
    }
  }

  /** Cursors and outcomes: what makes each event credited once (see {@link Keeping}). */
  public SettlementJournal journal() {
    return journal;
  }

  public SettlementLoop loop() {
    return loop;
  }

  public FrontDesk fronts() {
    return fronts;
  }

  /** The seizures sent lately (empty without a seizure desk). */
  public SeizureLog seizures() {
    return seizureLog;
  }

  /** What the account view marks as credited before its proof. */
  @Produces
  @Singleton
  ProvisionalCredits provisionalCredits() {
    return fronts;
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.close();
    }
    assembly.close();
    if (journal instanceof FileSettlementJournal file) {
      file.close();
    }
  }

  /**
   * Where settlement keeps what a restart must not forget: with the embedded store, its journal
   * (unless {@code omnimargin.settlement.journal} names a file), fronts and pending seizures; with
   * Redis the same three under {@code <key-prefix>settlement:}, shared by every replica; otherwise
   * the journal file if set, and memory.
   */
  record Keeping(SettlementJournal journal, FrontStore fronts, PendingSeizures seizures) {
    static Keeping from(
        OmnimarginConfig config,
        Instance<EmbeddedStorage> embedded,
        Instance<RedisDataSource> redis) {
      Optional<SettlementJournal> file =
          config.settlement().journal().map(path -> new FileSettlementJournal(Path.of(path)));
      if (config.store() == OmnimarginConfig.StoreKind.EMBEDDED) {
        EmbeddedStorage storage = embedded.get();
        return new Keeping(file.orElse(storage.journal()), storage.fronts(), storage.seizures());
      }
      if (config.store() == OmnimarginConfig.StoreKind.REDIS) {
        RedisCommands commands = RedisCommands.over(redis.get());
        String prefix = config.redis().keyPrefix() + "settlement:";
        return new Keeping(
            file.orElseGet(() -> new RedisSettlementJournal(commands, prefix)),
            new RedisFrontStore(commands, prefix),
            new RedisPendingSeizures(commands, prefix));
      }
      return new Keeping(
          file.orElseGet(InMemorySettlementJournal::new),
          new InMemoryFrontStore(),
          new InMemoryPendingSeizures());
    }
  }

  /** The hub's signing key and each chain's relayer, when both keys are configured. */
  record Relayers(
      Optional<PrivateKey> hubKey, Optional<Credentials> relayer, ChainAssembly assembly) {
    static Relayers from(OmnimarginConfig.Settlement settlement, ChainAssembly assembly) {
      boolean keys = settlement.hubKey().isPresent() && settlement.relayerKey().isPresent();
      return new Relayers(
          keys ? settlement.hubKey().map(PrivateKey::fromHex) : Optional.empty(),
          keys ? settlement.relayerKey().map(Credentials::create) : Optional.empty(),
          assembly);
    }

    /** The relayer through the chain's first RPC endpoint; null without keys. */
    io.omnimargin.hub.settlement.Relayer of(List<String> rpcUrls) {
      return relayer.isEmpty() || rpcUrls.isEmpty()
          ? null
          : assembly.relayer(rpcUrls.get(0), relayer.get());
    }
  }
}
