package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.testing.DirectMarginInputs;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.release.VaultAuthorization;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Withdrawals released on their OPEN event, and after a restart that lost it. */
class WithdrawalDeskTest {
  private static final long ARBITRUM = 42161;
  private static final Address USDC = Address.parse("0xaf88d065e77c8cc2239327c5edb3a432268e5831");
  private static final Address VAULT = Address.parse("0x" + "ab".repeat(20));
  private static final PrivateKey TRADER = SignedOrders.key(71);
  private static final PrivateKey HUB = SignedOrders.key(72);
  private static final SignedOrders ORDERS =
      new SignedOrders(
          Eip712Domain.omnimargin(ChainId.of(42161), Address.parse("0x" + "3c".repeat(20))));

  private final ManualTime time = new ManualTime();
  private final RiskConfig risk = RiskConfig.defaults();
  private final MarginEngine engine =
      new MarginEngine(new Valuator(risk), () -> time.millis() / 1000, e -> {});
  private final MarginInputs inputs = new DirectMarginInputs(engine);
  private final InMemoryIntentStore store = new InMemoryIntentStore();
  private final List<VaultAuthorization> submitted = new ArrayList<>();
  private final List<Runnable> queued = new ArrayList<>();
  private final Executor executor = queued::add;
  private final Map<Long, SettlementChain> chains = new HashMap<>();
  private final IntentEvents silent = (intent, change) -> {};

  WithdrawalDeskTest() {
    chains.put(
        ARBITRUM,
        new SettlementChain(
            ARBITRUM,
            VAULT,
            1,
            1,
            () -> new StepReport(ARBITRUM, 1, 0, List.of(), List.of(), true, ""),
            () -> true,
            () -> 1,
            (tx, nonce) -> Optional.empty(),
            (auth, signature) -> {
              submitted.add(auth);
              return "0xtx" + submitted.size();
            }));
    inputs.apply(
        new EngineInput.CollateralChange(
            TRADER.address(),
            new CollateralKey(ARBITRUM, "USDC"),
            BigInteger.valueOf(9_000_000),
            "deposit"));
  }

  private WithdrawalDesk desk() {
    return new WithdrawalDesk(
        store, silent, time, HUB, chains, executor, new CashPayouts(engine, risk, inputs));
  }

  private Intent accepted(long nonce, IntentStatus... then) {
    return accepted(nonce, TRADER.address().toWord(), then);
  }

  private Intent accepted(long nonce, Bytes32 recipient, IntentStatus... then) {
    CollateralWithdrawal w =
        new CollateralWithdrawal(
            Uint256.of(ARBITRUM), USDC.toWord(), Uint256.of(5_000_000), recipient);
    GaslessCrossChainOrder order = ORDERS.order(TRADER, nonce, 2_000_000_000L, w);
    Intent intent =
        Intent.accepted(ORDERS.id(order), order, w, ORDERS.sign(TRADER, order), time.instant());
    store.accept(intent, 100);
    for (IntentStatus status : then) {
      store.transition(
          intent.id(),
          java.util.EnumSet.allOf(IntentStatus.class),
          new StatusChange(status, time.instant(), "before the restart"));
    }
    return store.find(intent.id()).orElseThrow();
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  @Test
  void anOpenWithdrawalIsReleasedOnItsOpenEvent() {
    Intent intent = accepted(1);
    desk().statusChanged(intent, intent.history().get(0));
    runQueued();
    assertThat(submitted).hasSize(1);
    assertThat(submitted.get(0).amount()).isEqualTo(BigInteger.valueOf(5_000_000));
    assertThat(store.find(intent.id()).orElseThrow().status()).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void aWithdrawalToldTwiceIsReleasedOnce() {
    Intent intent = accepted(1);
    WithdrawalDesk desk = desk();
    // a take-over's resume read it, and its open event, held during the take-over, came after
    desk.resume(intent);
    desk.statusChanged(intent, intent.history().get(0));
    runQueued();

    assertThat(submitted).hasSize(1);
    assertThat(store.find(intent.id()).orElseThrow().status()).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void aWithdrawalTheHubCannotPayFailsAndFreesItsMargin() {
    // a recipient word with its upper twelve bytes set is no address
    Intent intent = accepted(1, Bytes32.fromHex("0x" + "ff".repeat(32)));
    desk().statusChanged(intent, intent.history().get(0));
    runQueued();

    assertThat(submitted).isEmpty();
    Intent failed = store.find(intent.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(IntentStatus.FAILED);
    assertThat(failed.history().get(1).reason()).startsWith("not a withdrawal the hub can pay");
  }

  @Test
  void afterARestartAWithdrawalLeftOpenIsReleasedAndOneAwardedWaitsForItsProof() {
    Intent open = accepted(1);
    Intent awarded = accepted(2, IntentStatus.AWARDED);
    WithdrawalDesk restarted = desk(); // a new process: no OPEN event will come for either
    store.live().forEach(restarted::resume);
    runQueued();

    assertThat(submitted).hasSize(1);
    assertThat(submitted.get(0).id()).isEqualTo(open.id().value());
    assertThat(store.find(open.id()).orElseThrow().status()).isEqualTo(IntentStatus.AWARDED);
    assertThat(store.find(awarded.id()).orElseThrow().status()).isEqualTo(IntentStatus.AWARDED);
    restarted.applied("42161/release/" + awarded.id().toHex(), ARBITRUM);
    assertThat(store.find(awarded.id()).orElseThrow().status()).isEqualTo(IntentStatus.FILLED);
  }
}
