package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.testing.DirectMarginInputs;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.credit.FrontedCredits;
import io.omnimargin.settlement.credit.InMemorySettlementJournal;
import io.omnimargin.settlement.credit.ProvenBalance;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Solver-fronted deposits on manual time: the front rule, expiry at the solver's cost, proof. */
class FrontDeskTest {
  private static final long ARBITRUM = 42161;
  private static final Address USDC = Address.parse("0xaf88d065e77c8cc2239327c5edb3a432268e5831");
  private static final CollateralKey LINE = new CollateralKey(ARBITRUM, "USDC");
  private static final Address VAULT = Address.parse("0x" + "ab".repeat(20));
  private static final Address TRADER = Address.parse("0x" + "11".repeat(20));
  private static final Address SOLVER = Address.parse("0x" + "22".repeat(20));
  private static final BigInteger AMOUNT = BigInteger.valueOf(5_000_000_000L); // 5,000 USDC

  private final ManualTime time = new ManualTime();
  private final RiskConfig risk = RiskConfig.defaults();
  private final MarginEngine engine =
      new MarginEngine(new Valuator(risk), () -> time.millis() / 1000, e -> {});
  private final MarginInputs inputs = new DirectMarginInputs(engine);
  private final VaultEvent deposit =
      new VaultEvent(
          VaultEvent.Kind.LOCKED,
          ARBITRUM,
          VAULT,
          "7",
          TRADER,
          USDC,
          AMOUNT,
          100,
          Bytes32.ZERO,
          "0x01");
  private final Map<Long, SettlementChain> chains = new HashMap<>();
  private final CollateralTokens tokens = new CollateralTokens(risk);
  private final FrontDesk desk =
      new FrontDesk(
          new FrontedCredits(new InMemorySettlementJournal(), 20),
          Set.of(SOLVER),
          chains,
          tokens,
          engine,
          inputs,
          time,
          Duration.ofHours(1).toSeconds());
  private final SettlementLoop loop = new SettlementLoop(chains, tokens, desk, inputs);

  FrontDeskTest() {
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
            (tx, nonce) ->
                tx.equals("0x01") && nonce.equals(BigInteger.valueOf(7))
                    ? Optional.of(deposit)
                    : Optional.empty(),
            null));
  }

  private BigInteger line() {
    return engine.snapshot(TRADER).account().balance(LINE);
  }

  @Test
  void aFrontCreditsTheDepositorAtOnceAndProvisionally() {
    FrontDesk.Fronted fronted = desk.front(ARBITRUM, "0x01", BigInteger.valueOf(7), SOLVER);

    assertThat(fronted.asset()).isEqualTo("USDC");
    assertThat(line()).isEqualTo(AMOUNT);
    assertThat(desk.provisional(TRADER, ARBITRUM, "USDC")).isEqualTo(AMOUNT);
    assertThatThrownBy(() -> desk.front(ARBITRUM, "0x01", BigInteger.valueOf(7), SOLVER))
        .isInstanceOf(Refusal.class)
        .extracting(e -> ((Refusal) e).code())
        .isEqualTo(ProblemCode.DEPOSIT_ALREADY_FRONTED);
  }

  @Test
  void onlyAllowedSolversFrontAndOnlyDepositsTheChainShows() {
    assertThatThrownBy(() -> desk.front(ARBITRUM, "0x01", BigInteger.valueOf(7), TRADER))
        .extracting(e -> ((Refusal) e).code())
        .isEqualTo(ProblemCode.SOLVER_NOT_ALLOWED);
    assertThatThrownBy(() -> desk.front(ARBITRUM, "0x02", BigInteger.valueOf(7), SOLVER))
        .extracting(e -> ((Refusal) e).code())
        .isEqualTo(ProblemCode.DEPOSIT_NOT_FOUND);
    assertThatThrownBy(() -> desk.front(137, "0x01", BigInteger.valueOf(7), SOLVER))
        .extracting(e -> ((Refusal) e).code())
        .isEqualTo(ProblemCode.INVALID_FIELD);
    assertThat(line()).isZero();
  }

  @Test
  void aFrontNotProvenInTimeIsWithdrawnButNeverBelowWhatTheLineHolds() {
    desk.front(ARBITRUM, "0x01", BigInteger.valueOf(7), SOLVER);
    engine.onCollateral(TRADER, LINE, AMOUNT.divide(BigInteger.TWO).negate(), "spent");

    time.advance(Duration.ofMinutes(59));
    loop.stepAll();
    assertThat(line()).isEqualTo(AMOUNT.divide(BigInteger.TWO));

    time.advance(Duration.ofMinutes(2));
    loop.stepAll();
    assertThat(line()).isZero();
    assertThat(desk.provisional(TRADER, ARBITRUM, "USDC")).isZero();
    assertThat(desk.repayments()).isEmpty();
  }

  @Test
  void aProvenFrontBecomesARepaymentAndTheLineIsTheProvenBalance() {
    desk.front(ARBITRUM, "0x01", BigInteger.valueOf(7), SOLVER);

    loop.proven(
        new ProvenBalance(
            ARBITRUM,
            VAULT,
            TRADER,
            USDC,
            AMOUNT,
            120,
            Bytes32.ZERO,
            "proof",
            List.of(deposit.key())));

    assertThat(line()).isEqualTo(AMOUNT);
    assertThat(desk.provisional(TRADER, ARBITRUM, "USDC")).isZero();
    assertThat(desk.repayments())
        .singleElement()
        .satisfies(r -> assertThat(r.solver()).isEqualTo(SOLVER));
    time.advance(Duration.ofHours(2));
    loop.stepAll();
    assertThat(line()).isEqualTo(AMOUNT); // a proven front never expires
  }
}
