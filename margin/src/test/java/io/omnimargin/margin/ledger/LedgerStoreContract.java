package io.omnimargin.margin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerStore} must have; each implementation subclasses this (margin's
 * test-jar carries it to the modules that hold the other stores).
 *
 * <p>What the engine relies on: it saves an {@link Account} whole after each change (owner,
 * collateral by chain and asset in base units, positions by market with signed size and entry
 * price, hub cash that may be negative) and, on start-up, loads every account as last saved.
 * Reservations are not in the ledger: the engine keeps them in memory and the service puts them
 * back with {@code restoreReservation} from the open intents, so no store is asked to keep them.
 */
public abstract class LedgerStoreContract {
  static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
  static final CollateralKey ETH = new CollateralKey(1, "ETH");
  static final CollateralKey USDC = new CollateralKey(42161, "USDC");

  /** A fresh, empty store. */
  protected abstract LedgerStore createStore();

  /**
   * A second handle on the data of the store {@link #createStore} made last, as a restarted service
   * would have (the same instance where the store lives only in this process).
   */
  protected abstract LedgerStore reopen();

  /** Collateral on two chains, a long and a short, realized losses in cash. */
  static Account trader(Address owner) {
    return new Account(
        owner,
        Map.of(
            ETH, Wad.of("10.5"),
            USDC, BigInteger.valueOf(20_000_000_000L)),
        Map.of(
            "ETH-PERP", new Position("ETH-PERP", Wad.of("5"), Wad.of("2900.123456789012345678")),
            "BTC-PERP", new Position("BTC-PERP", Wad.of("-0.25"), Wad.of("90000"))),
        Wad.of("-1234.5"));
  }

  @Test
  void anEmptyStoreLoadsNothing() {
    assertThat(createStore().loadAll()).isEmpty();
  }

  @Test
  void aSavedAccountLoadsEqual() {
    LedgerStore store = createStore();
    Account saved = trader(Owners.of("0x00000000000000000000000000000000000000aa"));

    store.save(saved);

    Collection<Account> loaded = store.loadAll();
    assertThat(loaded).containsExactly(saved);
    Account account = loaded.iterator().next();
    assertThat(account.owner()).isEqualTo(saved.owner());
    assertThat(account.collateral()).isEqualTo(saved.collateral());
    assertThat(account.balance(ETH)).isEqualTo(Wad.of("10.5"));
    assertThat(account.positions()).isEqualTo(saved.positions());
    assertThat(account.position("BTC-PERP").size()).isEqualTo(Wad.of("-0.25"));
    assertThat(account.position("ETH-PERP").cost()) // the cost basis, to the wei
        .isEqualTo(Wad.of("2900.123456789012345678"));
    assertThat(account.cash()).isEqualTo(Wad.of("-1234.5"));
  }

  @Test
  void anAccountWithNothingInItLoadsEqual() {
    LedgerStore store = createStore();
    Account empty = Account.empty(Owners.of("0x00000000000000000000000000000000000000ab"));

    store.save(empty);

    assertThat(store.loadAll()).containsExactly(empty);
  }

  @Test
  void aLaterSaveOfTheSameOwnerReplacesTheEarlierOne() {
    LedgerStore store = createStore();
    Address owner = Owners.of("0x00000000000000000000000000000000000000ac");
    Account before = trader(owner);
    store.save(before);

    // the ETH line withdrawn to zero and the BTC short closed: both gone, not merged back
    Account after =
        before
            .withCollateral(ETH, before.balance(ETH).negate())
            .withFill("BTC-PERP", Wad.of("0.25"), Wad.of("91000"))
            .withCash(Wad.of("7"));
    store.save(after);

    assertThat(store.loadAll()).containsExactly(after);
    Account loaded = store.loadAll().iterator().next();
    assertThat(loaded.collateral()).containsOnlyKeys(USDC);
    assertThat(loaded.positions()).containsOnlyKeys("ETH-PERP");
  }

  @Test
  void theAccountsOfOneOperationAreSavedTogetherWithTheirFeesAndFunding() {
    LedgerStore store = createStore();
    Account trader = trader(Owners.of("0x00000000000000000000000000000000000000ad"));
    store.save(trader);
    Account solver =
        Account.empty(Owners.of("0x00000000000000000000000000000000000000ae"))
            .withTrade("ETH-PERP", Wad.of("-5"), Wad.of("-14500"))
            .withFees(BigInteger.ZERO, Wad.of("3"))
            .withFunding("ETH-PERP", Wad.of("1.25"));
    Account paid =
        trader.withFees(Wad.of("3"), BigInteger.ZERO).withFunding("ETH-PERP", Wad.of("-1.25"));

    store.saveAll(List.of(paid, solver));

    LedgerStore reopened = reopen();
    assertThat(reopened.loadAll()).containsExactlyInAnyOrder(paid, solver);
    Account loaded =
        reopened.loadAll().stream()
            .filter(a -> a.owner().equals(solver.owner()))
            .findFirst()
            .orElseThrow();
    assertThat(loaded.flows().feesEarned()).isEqualTo(Wad.of("3"));
    assertThat(loaded.position("ETH-PERP").funding()).isEqualTo(Wad.of("1.25"));
  }

  @Test
  void manyAccountsLoadOnceEach() {
    LedgerStore store = createStore();
    List<Account> saved = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      BigInteger size = Wad.of(Integer.toString(i % 5 + 1)); // longs and shorts, none flat
      Account account =
          Account.empty(Address.parse(String.format("0x%040x", i + 1)))
              .withCollateral(USDC, BigInteger.valueOf(1_000_000L * (i + 1)))
              .withFill("ETH-PERP", i % 2 == 0 ? size : size.negate(), Wad.of("3000"));
      saved.add(account);
      store.save(account);
    }
    store.save(saved.get(0)); // saved again: still one account

    assertThat(store.loadAll()).hasSize(300).containsExactlyInAnyOrderElementsOf(saved);
  }

  @Test
  void amountsKeepEveryDigitUpToUint256AndBelowZero() {
    LedgerStore store = createStore();
    CollateralKey farChain = new CollateralKey(9_007_199_254_740_993L, "USD₮0"); // 2^53 + 1
    Account big =
        new Account(
            Owners.of("0x00000000000000000000000000000000000000ad"),
            Map.of(farChain, UINT256_MAX, ETH, BigInteger.ONE),
            Map.of(
                "ETH-PERP",
                new Position("ETH-PERP", BigInteger.TWO.pow(255).negate(), UINT256_MAX),
                "SOL-PERP",
                new Position(
                    "SOL-PERP",
                    BigInteger.TWO.pow(255).subtract(BigInteger.ONE),
                    Wad.of("0.000000000000000001"))),
            UINT256_MAX.negate());

    store.save(big);

    Account loaded = store.loadAll().iterator().next();
    assertThat(loaded).isEqualTo(big);
    assertThat(loaded.balance(farChain)).isEqualTo(UINT256_MAX);
    assertThat(loaded.cash()).isEqualTo(UINT256_MAX.negate());
    assertThat(loaded.position("ETH-PERP").size()).isEqualTo(BigInteger.TWO.pow(255).negate());
  }

  @Test
  void whatLoadAllAnsweredDoesNotChangeWithLaterSaves() {
    LedgerStore store = createStore();
    Account first = trader(Owners.of("0x00000000000000000000000000000000000000ae"));
    store.save(first);
    Collection<Account> loaded = store.loadAll();

    store.save(first.withCash(Wad.of("1")));
    store.save(trader(Owners.of("0x00000000000000000000000000000000000000af")));

    assertThat(loaded).containsExactly(first);
  }

  @Test
  void concurrentSavesOfDifferentAccountsAllLand() throws Exception {
    LedgerStore store = createStore();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Account>> saves = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Address owner = Address.parse(String.format("0x%040x", 0xc000 + i));
        saves.add(
            pool.submit(
                () -> {
                  Account account = trader(owner);
                  store.save(account);
                  return account;
                }));
      }
      List<Account> saved = new ArrayList<>();
      for (Future<Account> save : saves) {
        saved.add(save.get());
      }
      assertThat(store.loadAll()).containsExactlyInAnyOrderElementsOf(saved);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReopenedStoreLoadsWhatWasSaved() {
    LedgerStore store = createStore();
    Account a = trader(Owners.of("0x00000000000000000000000000000000000000b1"));
    Account b = Account.empty(Owners.of("0x00000000000000000000000000000000000000b2"));
    store.save(a);
    store.save(b);
    store.save(a.withCash(Wad.of("3")));

    assertThat(reopen().loadAll()).containsExactlyInAnyOrder(a.withCash(Wad.of("3")), b);
  }

  @Test
  void aRestartedEngineFindsEveryAccountAsTheEngineLeftIt() {
    long now = WorkedExample.NOW;
    MarginEngine first =
        new MarginEngine(new Valuator(WorkedExample.config()), () -> now, e -> {}, createStore());
    first.onPrice("ETH", new Price(Wad.of("3000"), now));
    first.onPrice("USDC", new Price(Wad.ONE, now));
    first.onCollateral(Owners.of("0xd1"), WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    first.onCollateral(
        Owners.of("0xd1"), WorkedExample.USDC, BigInteger.valueOf(5_000_000_000L), "deposit");
    first.onFill(Owners.of("0xd1"), "ETH-PERP", Wad.of("5"), Wad.of("2900"), Owners.intent("open"));
    first.onFill(
        Owners.of("0xd1"),
        "ETH-PERP",
        Wad.of("-2"),
        Wad.of("2800"),
        Owners.intent("reduce at a loss"));
    first.onCash(Owners.of("0xd2"), Wad.of("-12.5"), "fee");

    MarginEngine restarted =
        new MarginEngine(new Valuator(WorkedExample.config()), () -> now, e -> {}, reopen());
    restarted.onPrice("ETH", new Price(Wad.of("3000"), now));
    restarted.onPrice("USDC", new Price(Wad.ONE, now));

    for (Address owner : List.of(Owners.of("0xd1"), Owners.of("0xd2"))) {
      assertThat(restarted.snapshot(owner).account())
          .as(owner.toString())
          .isEqualTo(first.snapshot(owner).account());
    }
    assertThat(restarted.snapshot(Owners.of("0xd1")).account().cash()).isEqualTo(Wad.of("-200"));
    assertThat(restarted.snapshot(Owners.of("0xd1")).value().avMaintenance())
        .isEqualTo(first.snapshot(Owners.of("0xd1")).value().avMaintenance());
  }
}
