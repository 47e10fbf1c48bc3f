package io.omnimargin.cluster.ownership;

import static io.omnimargin.cluster.ownership.DeadOwnerDetector.Probe.ACCEPTED;
import static io.omnimargin.cluster.ownership.DeadOwnerDetector.Probe.NO_ANSWER;
import static io.omnimargin.cluster.ownership.DeadOwnerDetector.Probe.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadOwnerDetectorTest {
  private final DeadOwnerDetector detector = new DeadOwnerDetector();

  @Test
  void anOwnerReachedThenRefusingTwiceIsNamedOnce() {
    assertThat(detector.observe(3, "r1", ACCEPTED)).isEmpty();
    assertThat(detector.observe(3, "r1", REFUSED)).isEmpty();
    assertThat(detector.observe(3, "r1", REFUSED)).contains("r1");
    // named once: the next probes do not evict again
    assertThat(detector.observe(3, "r1", REFUSED)).isEmpty();
    assertThat(detector.observe(3, "r1", REFUSED)).isEmpty();
  }

  @Test
  void anOwnerNeverReachedIsNotEvicted() {
    // a starting owner whose port is not open yet
    for (int i = 0; i < 10; i++) {
      assertThat(detector.observe(4, "r2", REFUSED)).isEmpty();
    }
    assertThat(detector.observe(4, "r2", ACCEPTED)).isEmpty();
  }

  @Test
  void anAcceptOrASilenceBetweenRefusalsStartsTheCountAgain() {
    detector.observe(5, "r1", ACCEPTED);
    assertThat(detector.observe(5, "r1", REFUSED)).isEmpty();
    assertThat(detector.observe(5, "r1", ACCEPTED)).isEmpty();
    assertThat(detector.observe(5, "r1", REFUSED)).isEmpty();
    assertThat(detector.observe(5, "r1", NO_ANSWER)).isEmpty();
    assertThat(detector.observe(5, "r1", REFUSED)).isEmpty();
    // a hang is the session timeout's case, however long
    for (int i = 0; i < 10; i++) {
      assertThat(detector.observe(5, "r1", NO_ANSWER)).isEmpty();
    }
  }

  @Test
  void aNewEpochIsANewOwnerToReachFirst() {
    detector.observe(6, "r1", ACCEPTED);
    detector.observe(6, "r1", REFUSED);
    assertThat(detector.observe(6, "r1", REFUSED)).isEqualTo(Optional.of("r1"));
    // r1 restarted and took over again (epoch 7): reached anew before it can be named again
    assertThat(detector.observe(7, "r1", REFUSED)).isEmpty();
    assertThat(detector.observe(7, "r1", REFUSED)).isEmpty();
    detector.observe(7, "r1", ACCEPTED);
    detector.observe(7, "r1", REFUSED);
    assertThat(detector.observe(7, "r1", REFUSED)).contains("r1");
  }

  @Test
  void anEvictionThatFailedIsNamedAgainAtTheNextRefusal() {
    detector.observe(8, "r1.ab", ACCEPTED);
    detector.observe(8, "r1.ab", REFUSED);
    assertThat(detector.observe(8, "r1.ab", REFUSED)).contains("r1.ab");
    detector.retry(); // the broker did not answer the eviction
    assertThat(detector.observe(8, "r1.ab", REFUSED)).contains("r1.ab");
    assertThat(detector.observe(8, "r1.ab", REFUSED)).isEmpty();
  }
}
