package io.omnimargin.hub.clearing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A liquidation desk on manual time around a real margin engine (default risk table): a trader long
 * 40 ETH-PERP against a counterparty, registered solvers that sign real bids, and the feed they
 * hear. Time moves only when a test says.
 */
final class LiquidationRig {
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final Duration WINDOW = Duration.ofSeconds(1);
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(ChainId.of(42161), Address.parse("0x" + "3c".repeat(20)));
  static final CollateralKey ETH = new CollateralKey(1, "ETH");

  final ManualTime time = new ManualTime();
  final List<MarginEvent> events = new CopyOnWriteArrayList<>();
  final PrivateKey trader = key(1);
  final PrivateKey counterparty = key(2);
  final List<PrivateKey> solvers = List.of(key(11), key(12), key(13));
  final PrivateKey stranger = key(99); // never registered
  final SolverRegistry registry;
  final SolverFeed feed = new SolverFeed(new SessionCodec(new ObjectMapper()));
  final MarginEngine engine;
  final LiquidationDesk desk;

  LiquidationRig() {
    engine =
        new MarginEngine(
            new Valuator(RiskConfig.defaults()), () -> time.millis() / 1000, this::publish);
    engine.useLiquidationDesk(true);
    registry =
        new SolverRegistry(
            Stream.concat(solvers.stream(), Stream.of(trader))
                .collect(Collectors.toMap(PrivateKey::address, k -> BigInteger.ZERO)),
            1200,
            20,
            Duration.ofMinutes(5),
            () -> time.millis() / 1000);
    Stream.concat(solvers.stream(), Stream.of(trader)).forEach(this::register);
    desk =
        new LiquidationDesk(
            engine, registry, feed, DOMAIN, Secp256k1Provider.recovery(), time, time, WINDOW);
  }

  private void publish(MarginEvent event) {
    events.add(event);
    desk.accept(event); // as the service's event hub does, on the engine's thread
  }

  private static PrivateKey key(int n) {
    return PrivateKey.of(BigInteger.valueOf(5_000_000L + n));
  }

  private void register(PrivateKey solver) {
    try {
      SolverRegistration r =
          new SolverRegistration(solver.address(), "s", time.instant().getEpochSecond());
      registry.register(r, solver.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
    } catch (SolverRegistry.RegistrationRefused e) {
      throw new IllegalStateException(e);
    }
  }

  void fund(Address account) {
    engine.onCollateral(account, ETH, WAD.multiply(BigInteger.TEN), "deposit");
  }

  void price(String usd) {
    price(usd, time.instant().getEpochSecond());
  }

  void price(String usd, long publishTime) {
    engine.onPrice("ETH", new Price(Wad.of(usd), publishTime));
  }

  /** The trader holds 10 ETH and is long 40 ETH-PERP at 3,000 against the counterparty. */
  void traderLong() {
    price("3000");
    fund(trader.address());
    fund(counterparty.address());
    trade(trader, counterparty, "40", "3000");
  }

  /** A trade booked at once, no auction: {@code taker} buys {@code size} ETH-PERP from maker. */
  void trade(PrivateKey taker, PrivateKey maker, String size, String price) {
    engine.onTrade(
        Trade.at("ETH-PERP", taker.address(), maker.address(), Wad.of(size), Wad.of(price)), null);
  }

  /** Connects every solver to the feed; answers what each heard. */
  Map<Address, List<FeedEvent>> listen() {
    Map<Address, List<FeedEvent>> heard = new java.util.HashMap<>();
    for (PrivateKey s : solvers) {
      List<FeedEvent> list = new ArrayList<>();
      heard.put(s.address(), list);
      feed.connect(s.address(), -1, list::add);
    }
    return heard;
  }

  MarginEvent.LiquidationStarted started() {
    return of(MarginEvent.LiquidationStarted.class).get(0);
  }

  <T extends MarginEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** A bid by {@code solver} at {@code price} per ETH-PERP, valid for an hour. */
  LiquidationBid bid(PrivateKey solver, String price) {
    MarginEvent.LiquidationStarted started = started();
    return new LiquidationBid(
        started.id(),
        started.owner(),
        solver.address(),
        started.offers().stream()
            .map(
                o ->
                    new LiquidationBid.TakenPosition(
                        new MarketSymbol(o.market()), o.size(), Uint256.of(Wad.of(price))))
            .toList(),
        time.instant().getEpochSecond() + 3600);
  }

  Signature sign(PrivateKey solver, LiquidationBid bid) {
    return solver.sign(bid.digest(DOMAIN));
  }

  void place(PrivateKey solver, String price) {
    LiquidationBid bid = bid(solver, price);
    desk.bid(bid, sign(solver, bid));
  }

  LiquidationRecord record() {
    return desk.liquidation(started().id()).orElseThrow();
  }

  static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
    return values.stream().collect(Collectors.toMap(key, Function.identity()));
  }
}
