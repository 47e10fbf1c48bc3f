package io.omnimargin.intent.settlement;

import io.omnimargin.intent.config.OmnimarginConfig;
import io.omnimargin.intent.core.IntentStore;
import io.omnimargin.intent.margin.stream.MarginInputs;
import io.omnimargin.intent.wiring.IntentEventHub;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.BlockHashSource;
import io.omnimargin.settlement.attest.RouteHealthEvent;
import io.omnimargin.settlement.attest.RpcBlockHashSource;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.credit.FileSettlementJournal;
import io.omnimargin.settlement.credit.InMemorySettlementJournal;
import io.omnimargin.settlement.credit.ProvenBalance;
import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.credit.VaultSettler;
import io.omnimargin.settlement.release.VaultRelayer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Runs settlement for every configured source chain: a settler per vault stepped on a timer, its
 * proven balances sent to the margin engine as collateral balances, its adapters' route health as
 * route inputs. Keeps a status per chain for {@code GET /v1/settlement}.
 */
@Startup
@Singleton
public class SettlementService {
  private static final Logger LOG = Logger.getLogger(SettlementService.class);

  /** One chain's moving parts and what a person wants to see of them. */
  static final class ChainRun {
    final long chainId;
    final Attestor attestor;
    final VaultSettler settler;
    final int adapters;
    final int quorum;
    final AtomicLong applied = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    volatile StepReport last;
    volatile String lastError;
    volatile long lastStepAt;

    ChainRun(long chainId, Attestor attestor, VaultSettler settler, int adapters, int quorum) {
      this.chainId = chainId;
      this.attestor = attestor;
      this.settler = settler;
      this.adapters = adapters;
      this.quorum = quorum;
    }
  }

  private final MarginInputs inputs;
  private final Map<String, String> tokenToAsset = new HashMap<>();
  private final Map<Long, ChainRun> runs = new ConcurrentHashMap<>();
  private final List<EvmChain> clients = new ArrayList<>();
  private SettlementJournal journal;
  private ScheduledExecutorService timer;

  private WithdrawalDesk desk;

  SettlementService(
      OmnimarginConfig config,
      RiskConfig risk,
      MarginInputs inputs,
      IntentStore store,
      IntentEventHub intentEvents,
      Clock clock) {
    this.inputs = inputs;
    OmnimarginConfig.Settlement settlement = config.settlement();
    if (settlement.chains().isEmpty()) {
      LOG.info("Settlement: no source chain configured (omnimargin.settlement.chains); off");
      return;
    }
    for (CollateralRisk row : risk.table()) {
      tokenToAsset.put(row.chainId() + ":" + row.token().toLowerCase(), row.asset());
    }
    journal =
        settlement
            .journal()
            .<SettlementJournal>map(p -> new FileSettlementJournal(Path.of(p)))
            .orElseGet(InMemorySettlementJournal::new);
    settlement.chains().forEach((id, chain) -> runs.put(parseChain(id, risk), build(id, chain)));
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "settlement");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::stepAll, 0, settlement.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    if (settlement.hubKey().isPresent() && settlement.relayerKey().isPresent()) {
      PrivateKey hub = PrivateKey.fromHex(settlement.hubKey().get());
      Credentials relayer = Credentials.create(settlement.relayerKey().get());
      Map<Long, VaultRelayer> relayers = new HashMap<>();
      settlement
          .chains()
          .forEach(
              (id, chain) ->
                  relayers.put(
                      Long.parseLong(id),
                      new VaultRelayer(client(chain.rpcUrls().get(0)), relayer)));
      desk = new WithdrawalDesk(store, intentEvents, clock, hub, runs, relayers, timer);
      intentEvents.listen(desk);
      LOG.infof(
          "Settlement: withdrawals released by hub %s, gas paid by %s",
          hub.address(), relayer.getAddress());
    } else {
      LOG.info(
          "Settlement: omnimargin.settlement.hub-key/relayer-key unset; withdrawal intents stay open");
    }
  }

  private ChainRun build(String id, OmnimarginConfig.SourceChain chain) {
    String path = "omnimargin.settlement.chains.\"" + id + "\"";
    long chainId = Long.parseLong(id);
    List<String> urls = chain.rpcUrls();
    int k = chain.quorum().orElse(urls.size());
    if (urls.isEmpty() || k < 1 || k > urls.size()) {
      throw new IllegalStateException(
          path + ": need 1 ≤ quorum ≤ rpc-urls, got quorum " + k + " of " + urls.size());
    }
    Address vault;
    try {
      vault = Address.parse(chain.vault());
    } catch (RuntimeException e) {
      throw new IllegalStateException(path + ".vault: not an address: " + chain.vault());
    }
    List<BlockHashSource> sources = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      EvmChain client = client(urls.get(i));
      sources.add(new RpcBlockHashSource(adapterId(i, urls.get(i)), client, chain.confirmations()));
    }
    Attestor attestor = new Attestor(chainId, k, sources, this::routeHealth);
    VaultSettler settler =
        new VaultSettler(
            client(urls.get(0)),
            chainId,
            vault,
            attestor,
            journal,
            this::proven,
            chain.startBlock());
    LOG.infof(
        "Settlement: chain %d vault %s, %d-of-%d adapters, %d confirmations, from block %d",
        chainId, vault, k, urls.size(), chain.confirmations(), chain.startBlock());
    return new ChainRun(chainId, attestor, settler, urls.size(), k);
  }

  private EvmChain client(String url) {
    EvmChain c = new EvmChain(url);
    clients.add(c);
    return c;
  }

  private static String adapterId(int index, String url) {
    try {
      URI uri = URI.create(url);
      return "rpc#" + index + ":" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (IllegalArgumentException e) {
      return "rpc#" + index;
    }
  }

  private static long parseChain(String id, RiskConfig risk) {
    long chainId;
    try {
      chainId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("omnimargin.settlement.chains: not a chain id: " + id);
    }
    if (!risk.chains().containsKey(chainId)) {
      throw new IllegalStateException(
          "omnimargin.settlement.chains: chain " + id + " has no route in the risk configuration");
    }
    return chainId;
  }

  void stepAll() {
    for (ChainRun run : runs.values()) {
      try {
        StepReport report = run.settler.step();
        run.last = report;
        run.lastStepAt = System.currentTimeMillis();
        run.lastError = report.note().isEmpty() ? null : report.note();
        run.applied.addAndGet(report.applied().size());
        if (desk != null) {
          report.applied().forEach(key -> desk.applied(key, run.chainId));
        }
        run.refused.addAndGet(report.refused().size());
        if (!report.refused().isEmpty()) {
          LOG.warnf("Settlement chain %d refused %s", run.chainId, report.refused());
        }
      } catch (RuntimeException e) {
        String reason = String.valueOf(e.getMessage());
        if (!reason.equals(run.lastError)) {
          LOG.warnf("Settlement chain %d step failed (retrying): %s", run.chainId, reason);
        }
        run.lastError = reason;
      }
    }
  }

  /** A proven balance becomes the ledger line of the asset the token stands for. */
  void proven(ProvenBalance b) {
    String token = Bytes32.leftPad(b.token().toArray()).toHex().toLowerCase();
    String asset = tokenToAsset.get(b.chainId() + ":" + token);
    if (asset == null) {
      LOG.warnf(
          "Settlement: token %s on chain %d is not collateral; %s stays on chain uncounted",
          b.token(), b.chainId(), b.amount());
      return;
    }
    inputs.apply(
        new EngineInput.CollateralBalance(
            b.account().toLowerHex(),
            new CollateralKey(b.chainId(), asset),
            b.amount(),
            b.cause()));
  }

  void routeHealth(RouteHealthEvent event) {
    if (event.live()) {
      LOG.infof("Route %d live again: %s", event.chainId(), event.reason());
    } else {
      LOG.errorf("Route %d NOT LIVE: %s", event.chainId(), event.reason());
    }
    inputs.offer(new EngineInput.RouteHealth(event.chainId(), event.live(), event.reason()));
  }

  List<ChainRun> runs() {
    return runs.values().stream().sorted((a, b) -> Long.compare(a.chainId, b.chainId)).toList();
  }

  long nextBlock(ChainRun run) {
    return journal.cursor(run.settler.vaultKey(), -1);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    clients.forEach(EvmChain::close);
    if (journal instanceof FileSettlementJournal file) {
      file.close();
    }
  }
}
