package io.omnimargin.margin.risk.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.fixed.Wad;
import org.junit.jupiter.api.Test;

/** Measured volatility: floored at the configured σ, stepping only past the band. */
class EwmaVolatilityTest {
  static final long NOW = 1_800_000_000L;

  @Test
  void calmTicksKeepTheConfiguredFloorAndASpikeStepsSigmaUp() {
    EwmaVolatility vol = new EwmaVolatility(0.8, new VolatilityParameters(600, 60, 0.10, 10));
    for (int i = 0; i <= 10; i++) {
      assertThat(vol.observe(Wad.of("3000"), NOW + 60L * i)).isFalse();
    }
    assertThat(vol.used()).isEqualTo(0.8);
    boolean stepped = false;
    for (int i = 11; i <= 15; i++) {
      stepped |= vol.observe(Wad.of(i % 2 == 0 ? "3000" : "3150"), NOW + 60L * i);
    }
    assertThat(stepped).isTrue();
    assertThat(vol.used()).isGreaterThan(2.0);
    assertThat(vol.estimate()).isLessThanOrEqualTo(10.0);
  }

  @Test
  void movesCloserThanTheSampleAreJoined() {
    EwmaVolatility vol = new EwmaVolatility(0.8, new VolatilityParameters(600, 60, 0.10, 10));
    vol.observe(Wad.of("3000"), NOW);
    assertThat(vol.observe(Wad.of("3300"), NOW + 1)).isFalse();
    assertThat(vol.samples()).isZero();
  }
}
