package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.testing.DirectMarginInputs;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.release.VaultAuthorization;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seizures after liquidations, with a relayer that only counts: one debt is seized once, however
 * many liquidation events the account's state causes before the seizure is proven.
 */
class SeizureDeskTest {
  private static final long NOW = 1_800_000_000L;
  private static final long ETHEREUM = 1;
  private static final CollateralKey ETH = new CollateralKey(ETHEREUM, "ETH");
  private static final Address VAULT = Address.parse("0x" + "ab".repeat(20));
  private static final Address OWNER = Address.parse("0x" + "0a".repeat(20));
  private static final Address INSURANCE = Address.parse("0x" + "1f".repeat(20));

  private final RiskConfig risk = RiskConfig.defaults();
  private final MarginEngine engine = new MarginEngine(new Valuator(risk), () -> NOW, e -> {});
  private final List<VaultAuthorization> submitted = new ArrayList<>();
  private final MarginInputs inputs = new DirectMarginInputs(engine);
  private final SettlementChain ethereum =
      chain(
          ETHEREUM,
          (auth, signature) -> {
            submitted.add(auth);
            return "0x" + "00".repeat(32);
          });
  private final SeizureLog log = new SeizureLog(10);
  private final SeizureDesk desk =
      new SeizureDesk(
          engine,
          risk,
          new CollateralTokens(risk),
          inputs,
          PrivateKey.fromHex("0x" + "42".repeat(32)),
          INSURANCE,
          Map.of(ETHEREUM, ethereum),
          Runnable::run,
          new InMemoryPendingSeizures(),
          java.util.Optional.empty(),
          log);

  SeizureDeskTest() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
    engine.onCollateral(OWNER, ETH, Wad.ONE, "deposit"); // 1 ETH, 3,000 USD
    engine.onCash(OWNER, Wad.of("1000").negate(), "liquidation loss");
  }

  private static MarginEvent.Liquidation liquidation(long at) {
    return new MarginEvent.Liquidation(
        OWNER,
        at,
        at,
        BigInteger.ZERO,
        Wad.ONE,
        ClearingParameters.INSURANCE_FUND,
        Map.of("ETH-PERP", Wad.of("3000")),
        BigInteger.ZERO,
        BigInteger.ZERO,
        List.of(),
        "price ETH");
  }

  /** A chain whose vault takes authorisations through {@code relayer}. */
  private static SettlementChain chain(long chainId, Relayer relayer) {
    return new SettlementChain(
        chainId,
        VAULT,
        1,
        1,
        () -> new StepReport(chainId, 1, 0, List.of(), List.of(), true, ""),
        () -> true,
        () -> 1,
        (tx, nonce) -> java.util.Optional.empty(),
        relayer);
  }

  private static String key(VaultAuthorization auth) {
    return auth.chainId() + "/" + auth.vault().toLowerHex() + "/seize/" + auth.id().toHex();
  }

  @Test
  void repeatedLiquidationEventsSeizeAnUnprovenDebtOnce() {
    desk.accept(liquidation(NOW));
    desk.accept(liquidation(NOW + 1));
    desk.accept(liquidation(NOW + 2));

    assertThat(submitted).hasSize(1);
    assertThat(submitted.get(0).kind()).isEqualTo(VaultAuthorization.Kind.SEIZE);
    assertThat(submitted.get(0).recipient()).isEqualTo(INSURANCE);
  }

  @Test
  void onceTheSeizureIsProvenARemainingDebtIsSeizedAtTheNextLiquidation() {
    desk.accept(liquidation(NOW));
    assertThat(submitted).hasSize(1);
    assertThat(log.of(ETHEREUM))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(SeizureLog.State.PENDING);
              assertThat(e.eventKey()).isEqualTo(key(submitted.get(0)));
              assertThat(e.units()).isEqualTo(submitted.get(0).amount());
              assertThat(e.reason()).isEqualTo("liquidation");
            });
    assertThat(log.of(ARBITRUM)).isEmpty();

    // the proof lands: the seized value pays the debt (the line itself is set by settlement)
    engine.onCollateral(OWNER, ETH, submitted.get(0).amount().negate(), "seized");
    desk.applied(key(submitted.get(0)));
    assertThat(engine.snapshot(OWNER).account().cash().signum()).isGreaterThanOrEqualTo(0);
    assertThat(log.of(ETHEREUM))
        .extracting(SeizureLog.Entry::state)
        .containsExactly(SeizureLog.State.DONE);

    // a new loss, a new liquidation: a new debt, seized again
    engine.onCash(OWNER, Wad.of("500").negate(), "second loss");
    desk.accept(liquidation(NOW + 60));
    assertThat(submitted).hasSize(2);
  }

  @Test
  void aRefusedSeizureLeavesTheDebtToTheNextLiquidation() {
    List<VaultAuthorization> tried = new ArrayList<>();
    SettlementChain refusing =
        chain(
            ETHEREUM,
            (auth, signature) -> {
              tried.add(auth);
              throw new IllegalStateException("reverted");
            });
    SeizureDesk refused =
        new SeizureDesk(
            engine,
            risk,
            new CollateralTokens(risk),
            inputs,
            PrivateKey.fromHex("0x" + "42".repeat(32)),
            INSURANCE,
            Map.of(ETHEREUM, refusing),
            Runnable::run,
            new InMemoryPendingSeizures(),
            java.util.Optional.empty(),
            log);

    refused.accept(liquidation(NOW));
    refused.accept(liquidation(NOW + 1));

    assertThat(tried).hasSize(2); // nothing was pending, so the second event tries again
    assertThat(log.of(ETHEREUM))
        .extracting(SeizureLog.Entry::state, SeizureLog.Entry::error)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(SeizureLog.State.REFUSED, "reverted"));
  }

  /** A desk over Ethereum and Arbitrum (where USDC is collateral), collecting debts past 500. */
  private SeizureDesk withUsdc() {
    SettlementChain arbitrum =
        chain(
            ARBITRUM,
            (auth, signature) -> {
              submitted.add(auth);
              return "0x" + "00".repeat(32);
            });
    engine.onPrice("USDC", new Price(Wad.ONE, NOW));
    return new SeizureDesk(
        engine,
        risk,
        new CollateralTokens(risk),
        inputs,
        PrivateKey.fromHex("0x" + "42".repeat(32)),
        INSURANCE,
        Map.of(ETHEREUM, ethereum, ARBITRUM, arbitrum),
        Runnable::run,
        new InMemoryPendingSeizures(),
        java.util.Optional.of(Wad.of("500")),
        new SeizureLog(10));
  }

  private static final long ARBITRUM = 42161;
  private static final CollateralKey USDC = new CollateralKey(ARBITRUM, "USDC");

  private static MarginEvent.Valued valued(String cause) {
    return new MarginEvent.Valued(
        OWNER,
        NOW,
        BigInteger.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        io.omnimargin.margin.valuation.Health.HEALTHY,
        cause);
  }

  @Test
  void aProvenDepositOfUsdcRepaysADebtBelowTheThresholdFromUsdcOnly() {
    SeizureDesk desk = withUsdc();
    engine.onCash(OWNER, Wad.of("600"), "profit"); // the debt is now 400, below the threshold
    engine.onCollateral(OWNER, USDC, BigInteger.valueOf(250_000_000L), "deposit"); // 250 USDC

    desk.accept(valued("trade 0x01")); // not a deposit, below the threshold: nothing
    assertThat(submitted).isEmpty();
    desk.accept(valued("proof 42161@7"));

    assertThat(submitted).hasSize(1); // the ETH line is worth more, but USDC repays first
    assertThat(submitted.get(0).chainId()).isEqualTo(ARBITRUM);
    assertThat(submitted.get(0).amount()).isEqualTo(BigInteger.valueOf(250_000_000L));
    desk.applied(key(submitted.get(0)));
    assertThat(engine.snapshot(OWNER).account().cash()).isEqualTo(Wad.of("-150"));
  }

  @Test
  void aDebtPastTheThresholdIsCollectedBeforeAnyLiquidationUsdcFirst() {
    SeizureDesk desk = withUsdc();
    engine.onCollateral(OWNER, USDC, BigInteger.valueOf(250_000_000L), "deposit");

    desk.accept(valued("trade 0x01")); // a debt of 1,000, past 500

    assertThat(submitted).hasSize(2);
    assertThat(submitted.get(0).chainId()).isEqualTo(ARBITRUM); // 250 USDC
    assertThat(submitted.get(1).chainId()).isEqualTo(ETHEREUM); // the 750 left, in ETH
    assertThat(submitted.get(1).amount()).isEqualTo(Wad.of("0.25"));
    desk.accept(valued("trade 0x02")); // under way: not seized again
    assertThat(submitted).hasSize(2);
  }
}
