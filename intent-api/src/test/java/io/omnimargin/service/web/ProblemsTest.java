package io.omnimargin.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.hub.problem.ProblemCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The problem document's own members are never overwritten: an extension of the same name is
 * dropped (no test of a server needed, the renderer is a plain method).
 */
class ProblemsTest {

  @Test
  void extensionsNeverOverwriteTheReservedMembers() {
    Map<String, Object> clashing =
        Map.of(
            "type", "x",
            "title", "x",
            "status", "FILLED",
            "detail", "x",
            "instance", "x",
            "code", "x",
            "field", "x",
            "traceId", "x",
            "intentStatus", "FILLED");

    ObjectNode body =
        Problems.body(ProblemCode.ALREADY_FILLED, "it is filled", "orderId", clashing, "/v1/x");

    assertThat(body.get("type").asText())
        .isEqualTo("https://omnimargin.io/problems/already-filled");
    assertThat(body.get("title").asText()).isEqualTo(ProblemCode.ALREADY_FILLED.title());
    assertThat(body.get("status").isInt()).isTrue();
    assertThat(body.get("status").asInt()).isEqualTo(409);
    assertThat(body.get("detail").asText()).isEqualTo("it is filled");
    assertThat(body.get("instance").asText()).isEqualTo("/v1/x");
    assertThat(body.get("code").asText()).isEqualTo("already-filled");
    assertThat(body.get("field").asText()).isEqualTo("orderId");
    assertThat(body.has("traceId")).isFalse(); // no span here, and no extension takes its place
    assertThat(body.get("intentStatus").asText()).isEqualTo("FILLED");
  }
}
