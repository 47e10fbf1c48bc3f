package io.omnimargin.margin.valuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.omnimargin.margin.fixed.Wad;
import org.junit.jupiter.api.Test;

class AdaptiveBufferTest {

  @Test
  void normalQuantileMatchesTables() {
    // Acklam's approximation: relative error below 1.15e-9.
    assertThat(InverseNormal.quantile(0.975)).isCloseTo(1.959963984540054, within(5e-9));
    assertThat(InverseNormal.quantile(0.5)).isCloseTo(0.0, within(1e-12));
    assertThat(InverseNormal.quantile(1 - 0.5e-4)).isCloseTo(3.890591886413094, within(1e-8));
    assertThat(InverseNormal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-8));
  }

  @Test
  void requiredBufferFollowsTheFormulaRoundedUpToABasisPoint() {
    // σ = 0.8, T = 1 h + 15 min, ε = 1e-4:
    // 1 − exp(−0.8 · √(4500 / 31,557,600) · 3.8906) = 0.03646… → 365 bp.
    assertThat(AdaptiveBuffer.required(0.8, 4500, 1e-4)).isEqualTo(Wad.of("0.0365"));
    assertThat(AdaptiveBuffer.required(0.8, 0, 1e-4)).isEqualTo(Wad.ZERO);
  }

  @Test
  void longerWindowsAndHigherVolatilityNeedMore() {
    assertThat(AdaptiveBuffer.required(0.8, 86_400, 1e-4))
        .isGreaterThan(AdaptiveBuffer.required(0.8, 4_500, 1e-4));
    assertThat(AdaptiveBuffer.required(1.6, 4_500, 1e-4))
        .isGreaterThan(AdaptiveBuffer.required(0.8, 4_500, 1e-4));
    assertThat(AdaptiveBuffer.effective(Wad.of("0.10"), Wad.of("0.0365")))
        .isEqualTo(Wad.of("0.10"));
    assertThat(AdaptiveBuffer.effective(Wad.of("0.01"), Wad.of("0.0365")))
        .isEqualTo(Wad.of("0.0365"));
  }
}
