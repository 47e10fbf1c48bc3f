package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Uint256;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Quote requests in over the session; answers out, signed as bids on the quote's id. */
class QuoteTest extends StandInTest {

  @Test
  void aQuoteRequestIsAnsweredThroughSolverQuote() {
    long validUntil = 1_700_000_000L;
    solver.quotes = q -> Optional.of(new Bid(PRICE, FEE, validUntil));
    connect();
    long deadline = System.currentTimeMillis() + 2_000;

    HubStandIn.Event q =
        hub.publish(HubStandIn.Event.quote(order(11), "BTC-PERP", false, SIZE, deadline));

    assertThat(solver.nextQuote())
        .isEqualTo(
            new QuoteRequest(q.id(), "BTC-PERP", false, SIZE, Instant.ofEpochMilli(deadline)));
    HubStandIn.QuoteAnswer answer = hub.nextQuoteAnswer();
    assertThat(answer.bid().orderId()).isEqualTo(q.id());
    assertThat(answer.bid().solver()).isEqualTo(KEY.address());
    assertThat(answer.bid().price()).isEqualTo(Uint256.of(PRICE));
    assertThat(answer.bid().fee()).isEqualTo(Uint256.of(FEE));
    assertThat(answer.bid().validUntil()).isEqualTo(validUntil);
    assertThat(answer.signer()).as("SolverBid signer on the quote id").isEqualTo(KEY.address());
  }
}
