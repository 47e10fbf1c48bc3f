package io.omnimargin.service.settlement;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.omnimargin.service.margin.ProvisionalCredits;
import io.omnimargin.service.margin.stream.MarginInputs;
import io.omnimargin.service.wiring.IntentEventHub;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.BlockHashSource;
import io.omnimargin.settlement.attest.RouteHealthEvent;
import io.omnimargin.settlement.attest.RpcBlockHashSource;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.credit.FileSettlementJournal;
import io.omnimargin.settlement.credit.FrontedCredits;
import io.omnimargin.settlement.credit.InMemorySettlementJournal;
import io.omnimargin.settlement.credit.ProvenBalance;
import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.credit.VaultSettler;
import io.omnimargin.settlement.release.VaultRelayer;
import io.omnimargin.settlement.vault.VaultEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
public class SettlementService implements ProvisionalCredits {
  private static final Logger LOG = Logger.getLogger(SettlementService.class);

  /** One chain's moving parts and what a person wants to see of them. */
  static final class ChainRun {
    final long chainId;
    final Attestor attestor;
    final VaultSettler settler;
    final int adapters;
    final int quorum;
    EvmChain relayer;
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
  private SeizureDesk seizures;
  private FrontedCredits fronted;
  private Set<Address> solvers = Set.of();
  private long frontMaxAge;
  private Clock clock;
  private MarginEngine engine;
  private RiskConfig risk;

  SettlementService(
      OmnimarginConfig config,
      RiskConfig risk,
      MarginInputs inputs,
      IntentStore store,
      IntentEventHub intentEvents,
      Clock clock,
      MarginEngine engine,
      AccountEventHub accountEvents) {
    this.inputs = inputs;
    this.clock = clock;
    this.engine = engine;
    this.risk = risk;
    config
        .solvers()
        .allow()
        .ifPresent(
            list ->
                solvers =
                    list.stream()
                        .filter(a -> !a.isBlank())
                        .map(a -> address("omnimargin.solvers.allow", a))
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()));
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
    fronted = new FrontedCredits(journal, settlement.frontLimit());
    frontMaxAge = settlement.frontMaxAge().toSeconds();
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
      if (settlement.insuranceAddress().isPresent()) {
        seizures =
            new SeizureDesk(
                engine,
                risk,
                inputs,
                hub,
                address(
                    "omnimargin.settlement.insurance-address", settlement.insuranceAddress().get()),
                runs,
                relayers,
                timer);
        accountEvents.listen(seizures);
      }
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
    ChainRun run = new ChainRun(chainId, attestor, settler, urls.size(), k);
    run.relayer = client(urls.get(0));
    return run;
  }

  private static Address address(String property, String value) {
    try {
      return Address.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          property + ": not an address (" + e.getMessage() + "): " + value);
    }
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
    for (FrontedCredits.Provisional p :
        fronted.expire(clock.instant().getEpochSecond(), frontMaxAge)) {
      withdrawFront(p);
    }
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
        if (seizures != null) {
          report.applied().forEach(seizures::applied);
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
    for (String key : b.settles()) {
      fronted
          .proven(key)
          .ifPresent(
              r ->
                  LOG.infof(
                      "Fronted deposit %s proven: solver %s is owed %s of token %s",
                      key, r.solver(), r.amount(), r.token()));
    }
    // the proven balance, plus deposits fronted by solvers and not yet proven
    BigInteger line = b.amount().add(fronted.outstanding(b.chainId(), b.account(), b.token()));
    inputs.apply(
        new EngineInput.CollateralBalance(
            b.account().toLowerHex(), new CollateralKey(b.chainId(), asset), line, b.cause()));
  }

  /** Why a front was refused, as the HTTP layer reports it. */
  public static final class FrontException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ProblemCode code;

    FrontException(ProblemCode code, String detail) {
      super(detail);
      this.code = code;
    }
  }

  /** A provisional credit granted on a solver's front. */
  public record Fronted(
      String eventKey,
      String account,
      long chainId,
      String asset,
      BigInteger amount,
      String solver) {}

  /**
   * A solver fronts a deposit it has seen in {@code transactionHash}: checked against the chain
   * (the receipt's vault log, not the solver's word), the allow-list and the journal; the depositor
   * is credited at once, provisionally.
   */
  public Fronted front(
      long chainId, String transactionHash, BigInteger depositNonce, Address solver) {
    if (!solvers.contains(solver)) {
      throw new FrontException(
          ProblemCode.SOLVER_NOT_ALLOWED, solver + " is not in omnimargin.solvers.allow");
    }
    ChainRun run = runs.get(chainId);
    if (run == null) {
      throw new FrontException(ProblemCode.INVALID_FIELD, "no settlement for chain " + chainId);
    }
    VaultEvent deposit =
        run.relayer
            .receipt(transactionHash)
            .flatMap(
                receipt ->
                    receipt.getLogs().stream()
                        .map(log -> decode(chainId, run.settler.vault(), log))
                        .flatMap(java.util.Optional::stream)
                        .filter(e -> e.kind() == VaultEvent.Kind.LOCKED)
                        .filter(e -> e.depositNonce().equals(depositNonce))
                        .findFirst())
            .orElseThrow(
                () ->
                    new FrontException(
                        ProblemCode.DEPOSIT_NOT_FOUND,
                        "no deposit "
                            + depositNonce
                            + " of vault "
                            + run.settler.vault()
                            + " in transaction "
                            + transactionHash));
    String asset =
        tokenToAsset.get(
            chainId + ":" + Bytes32.leftPad(deposit.token().toArray()).toHex().toLowerCase());
    if (asset == null) {
      throw new FrontException(
          ProblemCode.NOT_COLLATERAL, "token " + deposit.token() + " is not collateral");
    }
    try {
      fronted.front(solver, deposit, clock.instant().getEpochSecond());
    } catch (FrontedCredits.FrontRefused e) {
      ProblemCode code =
          switch (e.refusal()) {
            case ALREADY_SETTLED -> ProblemCode.DEPOSIT_ALREADY_SETTLED;
            case ALREADY_FRONTED -> ProblemCode.DEPOSIT_ALREADY_FRONTED;
            case SOLVER_LIMIT -> ProblemCode.SOLVER_FRONT_LIMIT;
            case NOT_A_DEPOSIT -> ProblemCode.DEPOSIT_NOT_FOUND;
          };
      throw new FrontException(code, e.getMessage());
    }
    inputs.apply(
        new EngineInput.CollateralChange(
            deposit.account().toLowerHex(),
            new CollateralKey(chainId, asset),
            deposit.amount(),
            "fronted by solver " + solver + " (provisional)"));
    LOG.infof(
        "Deposit %s fronted by %s: %s credited provisionally",
        deposit.key(), solver, deposit.amount());
    return new Fronted(
        deposit.key(),
        deposit.account().toChecksumHex(),
        chainId,
        asset,
        deposit.amount(),
        solver.toChecksumHex());
  }

  private void withdrawFront(FrontedCredits.Provisional p) {
    VaultEvent d = p.deposit();
    String asset =
        tokenToAsset.get(
            d.chainId() + ":" + Bytes32.leftPad(d.token().toArray()).toHex().toLowerCase());
    CollateralKey key = new CollateralKey(d.chainId(), asset);
    String owner = d.account().toLowerHex();
    BigInteger have = engine.snapshot(owner).account().balance(key);
    LOG.warnf(
        "Fronted deposit %s not proven in time: withdrawn from %s at solver %s's cost",
        d.key(), owner, p.solver());
    inputs.apply(
        new EngineInput.CollateralChange(
            owner,
            key,
            d.amount().min(have).negate(),
            "front by " + p.solver() + " expired unproven"));
  }

  /** The provisional part of an account's line (fronted, not yet proven), in token units. */
  @Override
  public BigInteger provisional(String owner, long chainId, String asset) {
    if (fronted == null) {
      return BigInteger.ZERO;
    }
    return risk.table().stream()
        .filter(row -> row.chainId() == chainId && row.asset().equals(asset))
        .findFirst()
        .map(
            row ->
                Address.wrap(
                    java.util.Arrays.copyOfRange(Bytes32.fromHex(row.token()).toArray(), 12, 32)))
        .map(token -> fronted.outstanding(chainId, Address.parse(owner), token))
        .orElse(BigInteger.ZERO);
  }

  /** Repayments owed to solvers for fronted deposits that were proven. */
  public List<FrontedCredits.Repayment> repayments() {
    return fronted == null ? List.of() : fronted.repayments();
  }

  private static java.util.Optional<VaultEvent> decode(
      long chainId, Address vault, org.web3j.protocol.core.methods.response.Log log) {
    try {
      return java.util.Optional.of(VaultEvent.fromLog(chainId, vault, log));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
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
