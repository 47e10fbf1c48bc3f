package io.omnimargin.service.margin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.risk.InvalidRiskConfigException;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.service.config.OmnimarginConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad overrides stop start-up with a message that names the property. */
class RiskOverridesTest {
  static OmnimarginConfig.CollateralOverride row(String haircut, String buffer) {
    return new OmnimarginConfig.CollateralOverride() {
      @Override
      public Optional<String> haircut() {
        return Optional.ofNullable(haircut);
      }

      @Override
      public Optional<String> buffer() {
        return Optional.ofNullable(buffer);
      }

      @Override
      public Optional<String> token() {
        return Optional.empty();
      }
    };
  }

  @Test
  void aHaircutOfAHundredPercentIsRefused() {
    assertThatThrownBy(
            () -> RiskOverrides.table(RiskConfig.defaults(), Map.of("ETH@1", row("1", null))))
        .isInstanceOf(InvalidRiskConfigException.class)
        .hasMessageContaining("haircut must be in [0%, 100%)");
  }

  @Test
  void aNewRowNeedsEveryField() {
    assertThatThrownBy(
            () -> RiskOverrides.table(RiskConfig.defaults(), Map.of("ETH@137", row("0.1", null))))
        .hasMessageContaining("omnimargin.margin.collateral.\"ETH@137\".buffer is required");
    assertThatThrownBy(
            () -> RiskOverrides.table(RiskConfig.defaults(), Map.of("ETH-on-1", row("0.1", "0.1"))))
        .hasMessageContaining("key must be ASSET@CHAIN");
  }
}
