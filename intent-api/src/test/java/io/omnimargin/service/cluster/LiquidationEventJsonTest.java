package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A liquidation's start and outcome read back as written, ids past 2^53 included. */
class LiquidationEventJsonTest {
  private static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
  private static final Address B = Address.parse("0x00000000000000000000000000000000000000b2");

  @Test
  void aStartAndAnOutcomeReadBackAsWritten() {
    List<MarginEvent> events =
        List.of(
            new MarginEvent.LiquidationStarted(
                A,
                1_800_000_000L,
                (5L << 41) | (3L << 24) | 1,
                List.of(
                    new MarginEvent.Offer(
                        "ETH-PERP", Wad.of("5"), Wad.of("2600"), Wad.of("2550.5")),
                    new MarginEvent.Offer(
                        "BTC-PERP", Wad.of("-0.1"), Wad.of("60000"), Wad.of("61000"))),
                Wad.of("12.5"),
                Wad.of("650"),
                "price tick"),
            new MarginEvent.Liquidation(
                A,
                1_800_000_001L,
                Long.MAX_VALUE,
                Wad.of("12.5"),
                Wad.of("650"),
                B,
                Map.of("ETH-PERP", Wad.of("2599")),
                Wad.of("1.25"),
                Wad.of("0"),
                List.of(new MarginEvent.AdlStep("ETH-PERP", B, Wad.of("2"), Wad.of("2550.5"))),
                "price tick"),
            new MarginEvent.Liquidation(
                A, 1, 7, Wad.ONE, Wad.ONE, null, Map.of(), Wad.ONE, Wad.ONE, List.of(), "c"));
    for (MarginEvent event : events) {
      JsonObject wire = new JsonObject(LiquidationEventJson.write(event).encode());
      assertThat(LiquidationEventJson.read(wire)).isEqualTo(event);
    }
  }

  @Test
  void aStartWithoutOffersOrOfAnotherTypeIsRefused() {
    JsonObject started =
        LiquidationEventJson.write(
            new MarginEvent.LiquidationStarted(
                A,
                1,
                1,
                List.of(new MarginEvent.Offer("ETH-PERP", Wad.ONE, Wad.ONE, Wad.ONE)),
                Wad.ONE,
                Wad.ONE,
                "c"));
    assertThatThrownBy(
            () ->
                LiquidationEventJson.read(
                    started.copy().put("offers", new io.vertx.core.json.JsonArray())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LiquidationEventJson.read(started.copy().put("type", "other")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LiquidationEventJson.read(started.copy().put("id", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
