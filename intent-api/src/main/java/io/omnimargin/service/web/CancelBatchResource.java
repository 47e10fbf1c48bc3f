package io.omnimargin.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.service.config.OmnimarginConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cancels many intents at once; each item succeeds or fails on its own. */
@Path("/v1/intents/cancel")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Intents")
public class CancelBatchResource {
  @jakarta.inject.Inject EdgeJson json;

  private final IntakeService intake;
  private final OmnimarginConfig.Intake limits;

  CancelBatchResource(IntakeService intake, OmnimarginConfig config) {
    this.intake = intake;
    this.limits = config.intake();
  }

  /** Per-item outcome: the new status, or the problem that refused it. */
  public record Outcome(String orderId, String status, Object problem) {}

  public record Results(List<Outcome> results) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel up to 128 intents",
      description =
          "Body: {\"cancels\": [{\"orderId\": \"0x…\", \"signature\": \"0x…\"}, …]}, of at most"
              + " 1,024 + 256 bytes per allowed item (33,792 for 128)")
  public Results cancel(String body) {
    JsonNode node = json.object(body, BodyLimits.batchCancel(limits), Set.of("cancels"));
    JsonNode cancels = node.get("cancels");
    if (cancels == null || !cancels.isArray() || cancels.isEmpty()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "cancels must be a non-empty array", "cancels");
    }
    if (cancels.size() > limits.maxBatchCancels()) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "at most " + limits.maxBatchCancels() + " cancels per request",
          "cancels");
    }
    List<Outcome> results = new ArrayList<>(cancels.size());
    for (int i = 0; i < cancels.size(); i++) {
      results.add(cancelOne(cancels.get(i), "cancels[" + i + "]"));
    }
    return new Results(results);
  }

  private Outcome cancelOne(JsonNode item, String path) {
    if (!item.isObject()) {
      return refused(
          null, new Refusal(ProblemCode.INVALID_FIELD, path + " must be an object"), path);
    }
    String orderId = item.path("orderId").asText(null);
    try {
      RequestBodies.Cancel cancel = RequestBodies.cancel(item, "orderId");
      return new Outcome(
          orderId, intake.cancel(cancel.orderId(), cancel.signature()).status().name(), null);
    } catch (Refusal e) {
      return refused(orderId, e, e.field().map(f -> path + "." + f).orElse(null));
    }
  }

  /** An item's refusal, its field named from the body's root ({@code cancels[3].signature}). */
  private static Outcome refused(String orderId, Refusal e, String field) {
    return new Outcome(
        orderId, null, Problems.body(e.code(), e.getMessage(), field, e.extensions(), null));
  }
}
