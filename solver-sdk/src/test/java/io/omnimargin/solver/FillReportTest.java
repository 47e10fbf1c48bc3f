package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Awards in; signed fill reports out, each waiting for the hub's answer. */
class FillReportTest extends StandInTest {
  static final long VENUE = 42161;

  @Test
  void anAwardIsFilledWithASignedReportThatReturnsOnceTheHubSaysFilled() {
    solver.filling = RecordingSolver.fillAtAward(VENUE, TX);
    connect();

    HubStandIn.Event won =
        hub.publish(HubStandIn.Event.award(auction(5), PRICE, FEE), KEY.address());

    assertThat(solver.nextAward())
        .isEqualTo(new Award(won.id(), "ETH-PERP", true, SIZE, PRICE, FEE, FILL_DEADLINE));
    HubStandIn.Inbound sent = hub.nextInbound();
    assertThat(sent.type()).isEqualTo("fill");
    JsonNode fill = sent.message().path("fill");
    assertThat(fill.path("orderId").asText()).isEqualTo(won.orderId());
    assertThat(fill.path("solver").asText()).isEqualTo(KEY.address().toChecksumHex());
    assertThat(fill.path("venueChainId").asText()).isEqualTo(Long.toString(VENUE));
    assertThat(fill.path("txHash").asText()).isEqualTo(TX);
    assertThat(fill.path("size").asText()).isEqualTo(SIZE.toString());
    assertThat(fill.path("price").asText()).isEqualTo(PRICE.toString());
    assertThat(sent.signer())
        .as("FillReport signer under the hub's domain")
        .isEqualTo(KEY.address());

    long answered = hub.nextFillAnswerNanos();
    RecordingSolver.FillAttempt done = solver.nextFill();
    assertThat(done.failure()).isNull();
    assertThat(done.returnedNanos()).as("returned after the fill-result").isGreaterThan(answered);
  }

  @Test
  void aFadedAnswerSurfacesAsFillNotTaken() {
    solver.filling = RecordingSolver.fillAtAward(VENUE, TX);
    hub.answerFillsWith("FADED");
    connect();

    hub.publish(HubStandIn.Event.award(auction(6), PRICE, FEE), KEY.address());

    RecordingSolver.FillAttempt done = solver.nextFill();
    assertThat(done.failure()).isNotNull();
    assertThat(done.failure().code()).isEqualTo("fill-not-taken");
  }

  @Test
  void aRefusedFillSurfacesWithTheHubsCode() {
    solver.filling = RecordingSolver.fillAtAward(VENUE, TX);
    hub.answerFillsWith("not-the-winner");
    connect();

    hub.publish(HubStandIn.Event.award(auction(7), PRICE, FEE), KEY.address());

    RecordingSolver.FillAttempt done = solver.nextFill();
    assertThat(done.failure()).isNotNull();
    assertThat(done.failure().code()).isEqualTo("not-the-winner");
  }
}
