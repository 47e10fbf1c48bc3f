package io.omnimargin.margin.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading an account (its snapshot, a what-if) never creates one. */
class MarginEngineReadsTest {
  private final List<MarginEvent> events = new ArrayList<>();
  private final MarginEngine engine =
      new MarginEngine(new Valuator(WorkedExample.config()), () -> WorkedExample.NOW, events::add);

  private static Address random(Random random) {
    byte[] bytes = new byte[20];
    random.nextBytes(bytes);
    return Address.wrap(bytes);
  }

  @Test
  void snapshotsAndWhatIfsOfUnknownAccountsStoreNothing() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), WorkedExample.NOW));
    engine.onCollateral(Owners.of("0xa"), WorkedExample.ETH, BigInteger.TEN.pow(18), "deposit");
    int before = engine.accountCount();
    Random random = new Random(7);
    ProposedChange buy =
        new ProposedChange.Order("ETH-PERP", true, Wad.of("1"), Wad.of("3000"), false);

    for (int i = 0; i < 1_000; i++) {
      Address unknown = random(random);
      AccountSnapshot snapshot = engine.snapshot(unknown);
      assertThat(snapshot.account().owner()).isEqualTo(unknown);
      assertThat(snapshot.account().collateral()).isEmpty();
      assertThat(snapshot.health()).isEqualTo(Health.HEALTHY);
      Decision d = engine.whatIf(unknown, buy);
      assertThat(d.accepted()).isFalse();
    }

    assertThat(engine.accountCount()).isEqualTo(before);
    assertThat(events).noneMatch(e -> !e.owner().equals(Owners.of("0xa")));
  }

  @Test
  void aKnownAccountIsReadAsItStands() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), WorkedExample.NOW));
    engine.onCollateral(Owners.of("0xb"), WorkedExample.ETH, BigInteger.TEN.pow(18), "deposit");

    assertThat(engine.snapshot(Owners.of("0xb")).account().balance(WorkedExample.ETH))
        .isEqualTo(BigInteger.TEN.pow(18));
    assertThat(engine.snapshot(Owners.of("0xb")).lastCause()).isEqualTo("deposit");
    assertThat(engine.accountCount()).isEqualTo(1);
  }
}
