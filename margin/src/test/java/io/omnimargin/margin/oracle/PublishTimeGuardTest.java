package io.omnimargin.margin.oracle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one rule every price source applies: no publish time ahead of the hub's clock. */
class PublishTimeGuardTest {
  private static final long NOW = 1_800_000_000L;
  private final PublishTimeGuard guard = new PublishTimeGuard(Duration.ofSeconds(5), () -> NOW);

  @Test
  void thePastNowAndTheSkewPass() {
    assertThatCode(() -> guard.check(1)).doesNotThrowAnyException();
    assertThatCode(() -> guard.check(NOW)).doesNotThrowAnyException();
    assertThatCode(() -> guard.check(NOW + 5)).doesNotThrowAnyException();
  }

  @Test
  void beyondTheSkewIsRefused() {
    assertThatThrownBy(() -> guard.check(NOW + 6))
        .isInstanceOf(PublishTimeGuard.FuturePublishTimeException.class)
        .hasMessageContaining("6 s ahead")
        .hasMessageNotContaining("milliseconds");
    assertThatThrownBy(() -> guard.check(Long.MAX_VALUE))
        .isInstanceOf(PublishTimeGuard.FuturePublishTimeException.class);
  }

  @Test
  void aMillisecondTimestampIsRefusedWithAHint() {
    assertThatThrownBy(() -> guard.check(NOW * 1000))
        .isInstanceOf(PublishTimeGuard.FuturePublishTimeException.class)
        .hasMessageContaining("milliseconds");
  }
}
