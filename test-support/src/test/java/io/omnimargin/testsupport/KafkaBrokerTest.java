package io.omnimargin.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void clusterIdsNeverStartWithADashAndDecodeToSixteenBytes() {
    // One in 32 raw draws starts with '-': 2,000 draws miss that case with probability 1e-28.
    for (int i = 0; i < 2_000; i++) {
      String id = KafkaBroker.clusterId();
      assertThat(id).doesNotStartWith("-").hasSize(22);
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
  }
}
