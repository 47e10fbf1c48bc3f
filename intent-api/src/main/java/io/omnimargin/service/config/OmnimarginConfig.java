package io.omnimargin.service.config;

import io.omnimargin.protocol.types.Address;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code omnimargin.*} setting of the service, with its default. */
@ConfigMapping(prefix = "omnimargin")
public interface OmnimarginConfig {

  /** The hub chain and settler: the one EIP-712 domain this instance accepts. */
  Hub hub();

  /**
   * Where intents, nonces, the margin ledger, the settlement journal, fronts and pending seizures
   * live: {@code embedded} (the default: one SQLite database in {@link #dataDir()}, every write
   * committed before it is acknowledged), {@code in-memory} (lost on exit; what the tests use) or
   * {@code redis} (intents and ledger shared by replicas).
   */
  @WithDefault("embedded")
  StoreKind store();

  /**
   * The embedded store's directory (env {@code OMNIMARGIN_DATA_DIR}), relative to the working
   * directory unless absolute; created when missing and locked while the service runs.
   */
  @WithDefault("data")
  String dataDir();

  /**
   * How far an embedded commit goes before a write is acknowledged: {@code full} forces the log to
   * disk on every commit (nothing acknowledged is lost, even on power loss); {@code normal} leaves
   * it to the operating system (nothing is lost when the process dies, the last commits may be lost
   * when the machine does).
   */
  @WithDefault("full")
  DataSync dataSync();

  /** Redis namespace, used when {@code omnimargin.store=redis}. */
  Redis redis();

  /** Intake limits and listings. */
  Intake intake();

  /**
   * Development conveniences such as the collateral faucet ({@code POST /v1/dev/collateral}). On in
   * the embedded default, off in the {@code prod} profile.
   */
  @WithDefault("true")
  boolean devMode();

  /** The oracle push feed. */
  Oracle oracle();

  /** The cross-chain margin engine. */
  Margin margin();

  /** Cluster mode over Apache Kafka; off (one process) while no broker is configured. */
  Cluster cluster();

  interface Cluster {
    /**
     * The Kafka brokers, {@code host:port,...} (env {@code
     * OMNIMARGIN_CLUSTER_KAFKA_BOOTSTRAP_SERVERS}). Set, price ticks and route health go through
     * the broadcast topic to every replica; unset (the default), the service is one process with
     * in-memory channels and needs no broker.
     */
    Optional<String> kafkaBootstrapServers();

    /** This replica's name, unique in the cluster; default: host name and process id. */
    Optional<String> replicaId();

    /** The compacted topic every replica reads whole (prices and route health). */
    @WithDefault("omnimargin.broadcast")
    String broadcastTopic();

    /** Copies of each topic the brokers keep: 1 on one machine, 3 in production. */
    @WithDefault("1")
    short replicationFactor();

    /** How long a price push waits for its own replica to apply it through the broadcast topic. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * The ledger's topic. The consumer group {@code <ledger-topic>-owners} assigns its one
     * partition to one replica, the ledger's owner: the only one that changes accounts, runs
     * auctions, settlement, funding and expiry. The others forward what changes state to it.
     */
    @WithDefault("omnimargin.ledger")
    String ledgerTopic();

    /**
     * How long the owners' group waits for a silent owner before a survivor takes the ledger
     * (brokers must allow it: {@code group.min.session.timeout.ms} at most this).
     */
    @WithDefault("3s")
    Duration sessionTimeout();

    /**
     * Where the other replicas reach this one when it owns the ledger; default {@code http://<this
     * host's address>:<quarkus.http.port>}.
     */
    Optional<String> advertisedUrl();

    /** How long a forwarded request waits for the owner's answer (streams excepted). */
    @WithDefault("30s")
    Duration forwardTimeout();

    /**
     * How long a request to an owner that died waits for the survivor that takes the ledger over
     * (the session timeout plus the take-over) before it is answered {@code 503 owner-unavailable}.
     */
    @WithDefault("8s")
    Duration failoverWait();

    /**
     * How often a replica that does not own the ledger probes the owner's address. A process that
     * died leaves its port closed: after two refused connections from an owner it has reached
     * before, the replica evicts it from the owners' group and a survivor takes the ledger at once
     * rather than after {@code session-timeout}. {@code 0s} turns probing off.
     */
    @WithDefault("250ms")
    Duration ownerProbe();

    /**
     * Where accounts are written: {@code single-writer} (the default), the ledger's owner holds and
     * writes every account; {@code partitioned}, accounts are spread over {@code ledger-partitions}
     * partitions of the topic {@code <ledger-topic>.accounts}, each written by the replica its
     * consumer group assigns it (docs/cluster.md), while the owner still runs the workflows
     * (auctions, settlement, funding, expiry).
     */
    @WithDefault("single-writer")
    LedgerMode ledger();

    /**
     * How many partitions a partitioned ledger has, fixed for the life of a cluster (another count
     * moves accounts: a replica set for another count does not start).
     */
    @WithDefault("24")
    int ledgerPartitions();

    /**
     * On a partitioned ledger, whether a command asked on the replica that writes its partition
     * (most reserves, intake being passed to that writer) is applied there without a trip through
     * the log. It is then kept by the Redis commit made before its answer, as every command of a
     * single writer is. Off, every command goes through the log, which also survives a Redis that
     * loses an acknowledged write (a failover to a replica that had not received it), at the cost
     * of a broker round trip per command.
     */
    @WithDefault("true")
    boolean localCommands();

    /**
     * On a partitioned ledger, how often the workflows' owner looks for intents still {@code OPEN}
     * {@code stranded-after} after they were accepted: their hand-off from the replica that
     * accepted them never arrived, and the owner takes them now rather than at the next take-over.
     * {@code 0s} turns it off.
     */
    @WithDefault("30s")
    Duration strandedSweep();

    /**
     * How long after its acceptance an intent still {@code OPEN} counts as stranded: past a
     * hand-off's retries (about two minutes).
     */
    @WithDefault("3m")
    Duration strandedAfter();
  }

  /** How a cluster's accounts are written ({@code omnimargin.cluster.ledger}). */
  enum LedgerMode {
    SINGLE_WRITER,
    PARTITIONED
  }

  /** Adaptive risk: the composite index, measured volatility, route health and latency. */
  Risk risk();

  /** The clearing house: its own accounts, the price band, fees and liquidation terms. */
  Clearing clearing();

  /** Contagion monitoring, stress scenarios and the route concentration cap. */
  RiskMonitorConfig riskMonitor();

  interface Clearing {
    /** A bid's price may differ from the market's index by at most this fraction. */
    @WithDefault("0.05")
    String maxDeviation();

    /** The protocol's fee on a fill's notional, paid by the trader to the fee pool (bps). */
    @WithDefault("5")
    long takerFeeBps();

    /** Share of a liquidated position's notional paid to the insurance fund. */
    @WithDefault("0.01")
    String liquidationPenalty();

    /**
     * How long a liquidation's positions are offered to solvers before the best bid (or, with none,
     * the insurance fund or auto-deleverage) takes them; also how long a completion blocked by a
     * stale mark waits before it is tried again.
     */
    @WithDefault("1s")
    Duration liquidationWindow();

    /** The insurance fund pays deficits only while its equity stays at or above this (USD). */
    @WithDefault("0")
    String insuranceFloor();

    /** Funding is settled at every multiple of this on the hub's clock. */
    @WithDefault("1H")
    Duration fundingInterval();

    /** The largest funding rate one settlement may charge, either way (0.005 is 0.5%). */
    @WithDefault("0.005")
    String fundingCap();

    /**
     * A debt (negative cash) larger than this (USD) is collected from collateral at once, before
     * any liquidation; unset, debts are collected at liquidation and from proven USDC deposits.
     */
    Optional<String> debtSeizureThreshold();

    /** The insurance fund's account (default the well-known 0x…c1ea00000001). */
    Optional<Address> insuranceFund();

    /** The fee pool's account (default 0x…c1ea00000002). */
    Optional<Address> feePool();

    /** The settlement pool's account, holding the clearing house's collateral (0x…c1ea00000003). */
    Optional<Address> settlementPool();
  }

  /** Settlement by interoperable state proofs; off while no source chain is configured. */
  Settlement settlement();

  /** Third-party solvers. */
  Solvers solvers();

  interface Solvers {
    /** The operator's allow-list of solver addresses (env {@code OMNIMARGIN_SOLVERS_ALLOW}). */
    Optional<List<Address>> allow();

    /** The bond each allowed solver is taken to have posted, USD (configuration until on-chain). */
    @WithDefault("0")
    String bond();

    /**
     * How far a registration's {@code issuedAt} may be from the hub's clock, either way; a
     * registration is also refused unless its {@code issuedAt} is after the solver's last one, so a
     * signed registration is good once.
     */
    @WithDefault("5m")
    Duration registrationWindow();
  }

  /** The sealed-bid auction each margin order goes through. */
  Auction auction();

  interface Auction {
    /** Whether accepted margin orders are auctioned to solvers. */
    @WithDefault("true")
    boolean enabled();

    /** Bidding window (env {@code OMNIMARGIN_AUCTION_WINDOW}). */
    @WithDefault("250ms")
    Duration window();

    /** The winner's exclusive time to report its fill (never past the order's fillDeadline). */
    @WithDefault("30s")
    Duration fillWindow();

    /**
     * Awards made at once with a store across the network (Redis): each waits on the store and, on
     * a partitioned ledger, on the partitions; different auctions' awards do not wait for each
     * other. With the embedded store an award runs where its auction closes.
     */
    @WithDefault("4")
    int awardThreads();

    /** A solver whose fade rate passes this fraction is suspended (UniswapX: 12%). */
    @WithDefault("0.12")
    String maxFadeRate();

    /** Awards a solver must have had before its fade rate is judged. */
    @WithDefault("20")
    int minAwardsToJudge();

    /**
     * Messages a session socket may leave unread (queued behind a full socket) before the hub
     * closes it with {@code session-too-slow}; the solver reconnects and resumes from its last
     * event.
     */
    @WithDefault("20000")
    int sessionMaxUnread();

    /**
     * Refused and replaced bids one auction keeps for its public record; more are answered with
     * their rejection but not kept. Bids whose signature does not hold are never kept, and live
     * bids are one per registered solver.
     */
    @WithDefault("32")
    int maxRejectedBids();

    /**
     * Sustained quote requests ({@code POST /v1/quotes}) per second per client IP: each one is a
     * message to every connected solver.
     */
    @WithDefault("2")
    long quotesPerIpPerSecond();

    /** Burst of quote requests per client IP. */
    @WithDefault("10")
    long quotesPerIpBurst();
  }

  interface Settlement {
    /**
     * Append-only journal of scan cursors and applied events, forced to disk on each write. Unset:
     * kept in memory, and a restart rescans from each chain's start block (proven balances are
     * idempotent, so nothing is counted twice).
     */
    Optional<String> journal();

    /** How often each source chain is scanned for final vault events. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Source chains by chain id, e.g. {@code omnimargin.settlement.chains."1".vault=0x…}. */
    Map<String, SourceChain> chains();

    /**
     * The hub's settlement key (hex), the {@code hub} of every vault: signs withdrawal releases and
     * liquidation seizures. A secret: pass it by environment. Unset: withdrawals stay open.
     */
    Optional<String> hubKey();

    /** Key of the account that pays gas to submit releases; it holds no authority. */
    Optional<String> relayerKey();

    /**
     * Where collateral seized after a liquidation goes (the insurance fund's address on each source
     * chain). Unset: liquidations leave their loss as negative cash and nothing is seized.
     */
    Optional<Address> insuranceAddress();

    /** Unproven deposits one solver may front at a time. */
    @WithDefault("20")
    int frontLimit();

    /**
     * A fronted deposit not proven within this time is withdrawn from the user, at the solver's
     * cost.
     */
    @WithDefault("1h")
    Duration frontMaxAge();
  }

  interface SourceChain {
    /**
     * The route's n adapters: independent JSON-RPC endpoints of the chain. The first also serves
     * logs and proofs, which are verified, never trusted.
     */
    List<String> rpcUrls();

    /** k: adapters that must agree on a block hash. Default: all of them. */
    Optional<Integer> quorum();

    /** Depth at which a block is final (a negative value reads the node's finalized tag). */
    @WithDefault("12")
    int confirmations();

    /** The OmnimarginVault contract on this chain. */
    String vault();

    /** First block to scan (the vault's deployment block). */
    @WithDefault("0")
    long startBlock();
  }

  interface Oracle {
    /**
     * Bearer token that {@code POST /v1/oracle/prices} requires. Unset: pushes are accepted only in
     * dev mode.
     */
    Optional<String> pushToken();

    /**
     * How far ahead of the hub's clock a price's publish time may be. A pushed price beyond it is
     * refused ({@code future-publish-time}); a Chainlink round beyond it is skipped until it is
     * not.
     */
    @WithDefault("5s")
    Duration maxFutureSkew();

    /** The Chainlink-style {@code latestRoundData} reader. */
    Chainlink chainlink();
  }

  interface Chainlink {
    /** JSON-RPC endpoint of the chain whose aggregators are read. Unset: the reader is off. */
    Optional<String> rpcUrl();

    /**
     * Aggregator contract per asset symbol, e.g. {@code omnimargin.oracle.chainlink.feeds.ETH=0x…}.
     * Every asset must be in the risk configuration.
     */
    Map<String, String> feeds();

    /** How often each aggregator is read; a round is applied once, when its updatedAt advances. */
    @WithDefault("5s")
    Duration pollInterval();
  }

  interface Margin {
    /** Whether intake runs the pre-trade margin check and reserves margin for open intents. */
    @WithDefault("true")
    boolean gateIntake();

    /** Margin call when {@code AV_m < MMR·(1 + callBand)}. */
    @WithDefault("0.25")
    String callBand();

    /** Time in the call band before auto-deleverage starts. */
    @WithDefault("300s")
    Duration deleverageGrace();

    /** Fraction of the largest position reduced per auto-deleverage step. */
    @WithDefault("0.25")
    String deleverageStep();

    /** Tail probability the adaptive liquidation buffer covers. */
    @WithDefault("0.0001")
    double epsilon();

    /**
     * Route overrides by chain id, e.g. {@code omnimargin.margin.routes."1".discount=0.98} and
     * {@code omnimargin.margin.routes."1".latency-seconds=1200}. Defaults: see README.
     */
    Map<String, RouteOverride> routes();

    /**
     * Risk-table rows keyed {@code ASSET@CHAIN}, e.g. {@code
     * omnimargin.margin.collateral."ETH@1".haircut=0.06}. A key not in the default table adds a row
     * and needs haircut and buffer.
     */
    Map<String, CollateralOverride> collateral();

    /**
     * Assets by symbol: {@code omnimargin.margin.assets.ETH.sigma=0.9}; a new asset needs all
     * fields.
     */
    Map<String, AssetOverride> assets();

    /**
     * Markets by symbol: {@code omnimargin.margin.markets."ETH-PERP".imf=0.2}; a new one needs all
     * fields.
     */
    Map<String, MarketOverride> markets();
  }

  interface CollateralOverride {
    /** h, a fraction in [0, 1). */
    Optional<String> haircut();

    /** b, a fraction; h + b < 1. */
    Optional<String> buffer();

    /** Token address on the chain, 32-byte left-padded hex; zero for the native asset. */
    Optional<String> token();
  }

  interface AssetOverride {
    Optional<Integer> decimals();

    /** Annualised volatility (a risk estimate). */
    Optional<Double> sigma();

    /** Oracle heartbeat in seconds. */
    Optional<Long> heartbeatSeconds();
  }

  interface MarketOverride {
    Optional<String> baseAsset();

    Optional<String> imf();

    Optional<String> mmf();
  }

  interface RouteOverride {
    /** Messaging discount factor m in (0, 1]. */
    Optional<String> discount();

    /** Settlement latency in seconds. */
    Optional<Long> latencySeconds();
  }

  interface Risk {
    /** How each asset's composite index is formed from its price sources. */
    Index index();

    /** How each asset's volatility is measured from its index. */
    Volatility volatility();

    /** How bridge health scores each route's discount m. */
    RouteHealth routeHealth();

    /**
     * What a calm route looks like, by chain id: {@code
     * omnimargin.risk.routes."137".block-time=2s}. Default: a 12 s block, finality within the
     * route's configured latency, base fee not scored.
     */
    Map<String, RouteCalm> routes();
  }

  interface Index {
    /** The source a price push without {@code source} names (also today's pushes). */
    @WithDefault("push")
    String defaultSource();

    /** Fresh, agreeing sources an index needs; fewer and the index is stale. */
    @WithDefault("1")
    int quorum();

    /** A source further than this fraction from the median of the others is excluded. */
    @WithDefault("0.02")
    String band();

    /** Price sources one asset may have; a push naming one more is refused. */
    @WithDefault("16")
    int maxSources();
  }

  interface Volatility {
    /** An observation's weight in the EWMA halves after this long. */
    @WithDefault("6H")
    Duration halfLife();

    /** Index moves closer together than this are joined into one return. */
    @WithDefault("60s")
    Duration minSample();

    /** σ for b_req moves only when the estimate leaves ±this fraction of it. */
    @WithDefault("0.10")
    double step();

    /** The estimate never goes above this annualised σ. */
    @WithDefault("10")
    double ceiling();
  }

  interface RouteHealth {
    /** Disagreements and reorgs count while younger than this. */
    @WithDefault("1H")
    Duration window();

    /** The lowest m a live route can score, as a fraction of its configured m. */
    @WithDefault("0.5")
    String floorRatio();

    /** Penalty (basis points of health) per adapter disagreement in the window. */
    @WithDefault("500")
    long disagreementBps();

    /** Penalty per reorg in the window. */
    @WithDefault("200")
    long reorgBps();

    /** Penalty per expected finality lag of excess finality lag, or of silence. */
    @WithDefault("100")
    long lagBps();

    /** Penalty per doubling of the base fee above the calm reference. */
    @WithDefault("100")
    long feeDoublingBps();

    /** Penalty per expected block time of excess mean block time. */
    @WithDefault("100")
    long driftBps();

    /** A fall of m reaches AV_m over this long (AV_i takes it at once). */
    @WithDefault("1H")
    Duration phaseIn();

    /** The measured settlement latency is this percentile of the window's observations. */
    @WithDefault("0.95")
    double latencyPercentile();

    /** Settlement latency observations count while younger than this. */
    @WithDefault("24H")
    Duration latencyWindow();
  }

  interface RouteCalm {
    /** The chain's block time. */
    Optional<Duration> blockTime();

    /** How far behind the chain's head finality normally is. */
    Optional<Duration> finalityLag();

    /** The base fee of a calm chain, in gwei (decimal); unset: base fee is not scored. */
    Optional<String> referenceBaseFeeGwei();
  }

  /** Storage implementations. */
  enum StoreKind {
    EMBEDDED,
    IN_MEMORY,
    REDIS
  }

  /** Commit durability of the embedded store. */
  enum DataSync {
    FULL,
    NORMAL
  }

  interface Hub {
    /** Hub chain id (EIP-712 {@code chainId}); env {@code OMNIMARGIN_HUB_CHAIN_ID}. */
    @WithName("chain-id")
    @WithDefault("42161")
    long chainId();

    /**
     * Hub settler contract (EIP-712 {@code verifyingContract}); env {@code OMNIMARGIN_HUB_SETTLER}.
     */
    @WithDefault("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741")
    String settler();
  }

  interface Redis {
    /** Prefix of every key this service writes, so that several deployments can share a server. */
    @WithDefault("om:")
    String keyPrefix();
  }

  interface Intake {
    /** Largest request body accepted, in bytes; larger ones get 413 {@code payload-too-large}. */
    @WithDefault("16384")
    int maxBodyBytes();

    /**
     * Time a request's body has to arrive after its headers; a client that stalls is answered 408
     * {@code request-timeout} and its connection closed.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /** Listed markets; a margin order for another market gets 422 {@code unknown-market}. */
    @WithDefault("ETH-PERP,BTC-PERP,SOL-PERP")
    List<String> markets();

    /** Live (open, auctioning, awarded) intents one user may have at once. */
    @WithDefault("100")
    int maxOpenPerUser();

    /** Sustained submissions per second per user (after signature check). */
    @WithDefault("20")
    long perUserPerSecond();

    /** Burst of submissions per user. */
    @WithDefault("40")
    long perUserBurst();

    /** Sustained requests per second per client IP, over all {@code /v1} endpoints. */
    @WithDefault("200")
    long perIpPerSecond();

    /** Burst of requests per client IP. */
    @WithDefault("400")
    long perIpBurst();

    /** How often intents past their {@code openDeadline} are expired. */
    @WithDefault("1s")
    Duration expirySweepInterval();

    /**
     * Threads verifying signatures off the event loop; 0 means one per core, or eight per core on a
     * partitioned ledger, whose margin check waits for a round trip through the broker.
     */
    @WithDefault("0")
    int verifyThreads();

    /** Largest page of {@code GET /v1/intents}. */
    @WithDefault("100")
    int maxPageSize();

    /** Most cancels in one batch request. */
    @WithDefault("128")
    int maxBatchCancels();
  }
}
