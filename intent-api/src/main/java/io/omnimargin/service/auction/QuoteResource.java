package io.omnimargin.service.auction;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.auction.QuoteDesk;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Indicative quotes from the connected solvers for an order not yet signed. */
@Path("/v1/quotes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auctions")
public class QuoteResource {
  private static final long MAX_DEADLINE_MS = 2_000;
  private static final Set<String> FIELDS = Set.of("market", "side", "size", "deadlineMs");
  private final QuoteDesk desk;
  private final EdgeJson json;
  private final SessionCodec codec;
  private final int maxBodyBytes;

  QuoteResource(QuoteDesk desk, EdgeJson json, SessionCodec codec, OmnimarginConfig config) {
    this.desk = desk;
    this.json = json;
    this.codec = codec;
    this.maxBodyBytes = config.intake().maxBodyBytes();
  }

  public record QuoteView(
      String quoteId, String solver, String price, String fee, int answers, int asked) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Ask connected solvers for an indicative price",
      description =
          "{\"market\": \"ETH-PERP\", \"side\": \"buy\", \"size\": \"2000000000000000000\","
              + " \"deadlineMs\": 300}: the best answer by the deadline (default 300 ms, at most"
              + " 2,000); solver, price and fee are null when nobody answered. The market must be"
              + " listed and the size positive, at most 10^27; limited per client address")
  public QuoteView quote(String body) throws InterruptedException {
    // limited however the body is framed: chunked bodies carry no Content-Length
    JsonNode root = json.object(body, maxBodyBytes, FIELDS);
    String market = EdgeJson.text(root, "market", "market");
    String side = EdgeJson.text(root, "side", "side");
    if (!side.equals("buy") && !side.equals("sell")) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "side is buy or sell", "side");
    }
    BigInteger size = EdgeJson.uint(root, "size", "size").toBigInteger();
    long deadline =
        root.has("deadlineMs")
            ? EdgeJson.uint(root, "deadlineMs", "deadlineMs", MAX_DEADLINE_MS)
            : 300;
    QuoteDesk.Outcome o =
        desk.request(market, side.equals("buy"), size, Duration.ofMillis(deadline));
    return new QuoteView(
        o.quoteId().toHex(),
        o.best().map(a -> a.solver().toChecksumHex()).orElse(null),
        o.best().map(a -> a.price().toString()).orElse(null),
        o.best().map(a -> a.fee().toString()).orElse(null),
        o.answers(),
        o.asked());
  }

  @POST
  @Path("/{quoteId}/answers")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "A solver answers a quote request",
      description =
          "{\"bid\": {\"orderId\": quoteId, \"solver\", \"price\", \"fee\", \"validUntil\"},"
              + " \"signature\"}: a SolverBid on the quote's id")
  public Map<String, Boolean> answer(@PathParam("quoteId") String quoteId, String body) {
    SessionMessage.Bid signed = codec.bid(codec.parse(body));
    SolverBid answer = signed.bid();
    if (!answer.orderId().toHex().equalsIgnoreCase(quoteId)) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "bid.orderId is not this quote", "bid.orderId");
    }
    if (!desk.answer(answer, signed.signature())) {
      throw new Refusal(
          ProblemCode.NOT_FOUND, "no open quote request " + quoteId + " awaiting this solver");
    }
    return Map.of("accepted", true);
  }
}
