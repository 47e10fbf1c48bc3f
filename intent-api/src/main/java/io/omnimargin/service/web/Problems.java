package io.omnimargin.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;

/** Renders RFC 9457 problem documents: one shape for every error the service returns. */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://omnimargin.io/problems/";

  /**
   * The members RFC 9457 and this service define: an extension never overwrites one (a refusal that
   * wants to name, say, an intent's status uses its own member, {@code intentStatus}).
   */
  static final Set<String> RESERVED =
      Set.of("type", "title", "status", "detail", "instance", "code", "field", "traceId");

  private Problems() {}

  public static ObjectNode body(
      ProblemCode code,
      String detail,
      String field,
      Map<String, Object> extensions,
      String instance) {
    ObjectNode problem = JsonNodeFactory.instance.objectNode();
    problem.put("type", TYPE_BASE + code.code());
    problem.put("title", code.title());
    problem.put("status", code.httpStatus());
    problem.put("detail", detail);
    problem.put("code", code.code());
    if (field != null) {
      problem.put("field", field);
    }
    if (instance != null) {
      problem.put("instance", instance);
    }
    String traceId = traceId();
    if (traceId != null) {
      problem.put("traceId", traceId);
    }
    extensions.forEach(
        (k, v) -> {
          if (!RESERVED.contains(k)) {
            problem.set(k, node(v));
          }
        });
    return problem;
  }

  public static Response response(Refusal e, String instance) {
    return response(e.code(), e.getMessage(), e.field().orElse(null), e.extensions(), instance);
  }

  public static Response response(
      ProblemCode code,
      String detail,
      String field,
      Map<String, Object> extensions,
      String instance) {
    Response.ResponseBuilder builder =
        Response.status(code.httpStatus())
            .type(MEDIA_TYPE)
            .entity(body(code, detail, field, extensions, instance).toString());
    Object retryAfter = extensions.get("retryAfterSeconds");
    if (retryAfter != null) {
      builder.header("Retry-After", retryAfter.toString());
    }
    return builder.build();
  }

  /**
   * Answers a raw Vert.x request (a route ahead of REST) with the problem, as {@link #response}.
   */
  public static void end(
      io.vertx.core.http.HttpServerResponse response,
      ProblemCode code,
      String detail,
      Map<String, Object> extensions,
      String instance) {
    response.setStatusCode(code.httpStatus()).putHeader("Content-Type", MEDIA_TYPE);
    Object retryAfter = extensions.get("retryAfterSeconds");
    if (retryAfter != null) {
      response.putHeader("Retry-After", retryAfter.toString());
    }
    response.end(body(code, detail, null, extensions, instance).toString());
  }

  /** Extension values are strings, numbers, flags and maps of them. */
  private static JsonNode node(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    } else if (v instanceof Number n) {
      return n instanceof Long || n instanceof Integer
          ? f.numberNode(n.longValue())
          : f.textNode(n.toString());
    } else if (v instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (v instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, x) -> o.set(String.valueOf(k), node(x)));
      return o;
    }
    return f.textNode(v.toString());
  }

  static String traceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }
}
