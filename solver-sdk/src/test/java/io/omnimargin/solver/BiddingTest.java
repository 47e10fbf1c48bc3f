package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Auctions in, bids and declines out over the session, rejections back to the solver. */
class BiddingTest extends StandInTest {
  static final long VALID_UNTIL = 1_800_000_000L;

  @Test
  void anAuctionReachesTheSolverAndItsBidGoesBackSigned() {
    solver.bids = a -> Optional.of(new Bid(PRICE, FEE, VALID_UNTIL));
    connect();

    HubStandIn.Event e = hub.publish(auction(7));

    assertThat(solver.nextAuction())
        .isEqualTo(
            new OpenAuction(
                e.id(),
                "ETH-PERP",
                true,
                SIZE,
                LIMIT,
                MAX_FEE,
                Instant.ofEpochMilli(e.closesAt()),
                FILL_DEADLINE));
    HubStandIn.Inbound sent = hub.nextInbound();
    assertThat(sent.type()).isEqualTo("bid");
    JsonNode bid = sent.message().path("bid");
    assertThat(bid.path("orderId").asText()).isEqualTo(e.orderId());
    assertThat(bid.path("solver").asText()).isEqualTo(KEY.address().toChecksumHex());
    assertThat(bid.path("price").asText()).isEqualTo(PRICE.toString());
    assertThat(bid.path("fee").asText()).isEqualTo(FEE.toString());
    assertThat(bid.path("validUntil").asLong()).isEqualTo(VALID_UNTIL);
    assertThat(sent.signer())
        .as("SolverBid signer under the hub's domain")
        .isEqualTo(KEY.address());
  }

  @Test
  void anEmptyAnswerGoesAsADecline() {
    connect();

    HubStandIn.Event e =
        hub.publish(
            HubStandIn.Event.auction(
                order(8), "SOL-PERP", false, SIZE, WAD, MAX_FEE, 1_000, FILL_DEADLINE));

    assertThat(solver.nextAuction().buy()).isFalse();
    HubStandIn.Inbound sent = hub.nextInbound();
    assertThat(sent.type()).isEqualTo("decline");
    assertThat(sent.message().path("orderId").asText()).isEqualTo(e.orderId());
    assertThat(sent.message().has("bid")).isFalse();
  }

  @Test
  void aRejectionReachesTheSolverWithItsReason() {
    solver.bids = a -> Optional.of(new Bid(PRICE, FEE, VALID_UNTIL));
    hub.rejectBidsWith("price-worse-than-limit");
    connect();

    HubStandIn.Event e = hub.publish(auction(9));

    RecordingSolver.Rejection r = solver.nextRejection();
    assertThat(r.auction().orderId()).isEqualTo(e.id());
    assertThat(r.reason().code()).isEqualTo("bid-rejected");
    assertThat(r.reason().reason()).isEqualTo("price-worse-than-limit");
  }

  @Test
  void anErrorNamingTheBidsOrderReachesTheSolverWithItsCode() {
    solver.bids = a -> Optional.of(new Bid(PRICE, FEE, VALID_UNTIL));
    hub.failBidsWith("not-found");
    connect();

    HubStandIn.Event e = hub.publish(auction(10));

    RecordingSolver.Rejection r = solver.nextRejection();
    assertThat(r.auction().orderId()).isEqualTo(e.id());
    assertThat(r.reason().code()).isEqualTo("not-found");
    assertThat(r.reason().reason()).isNull();
  }
}
