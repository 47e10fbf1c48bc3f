package io.omnimargin.hub.problem;

import java.util.Map;
import java.util.Optional;

/** A request the service refuses, with its problem code, a human detail and the field at fault. */
public final class Refusal extends RuntimeException {
  private final ProblemCode code;
  private final String field;
  private final Map<String, Object> extensions;

  public Refusal(ProblemCode code, String detail) {
    this(code, detail, null, Map.of());
  }

  public Refusal(ProblemCode code, String detail, String field) {
    this(code, detail, field, Map.of());
  }

  /**
   * @param extensions extra problem members, e.g. {@code retryAfterSeconds} or {@code orderId};
   *     never one of the document's own members ({@code type}, {@code title}, {@code status},
   *     {@code detail}, {@code instance}, {@code code}, {@code field}, {@code traceId}), which the
   *     renderer keeps
   */
  public Refusal(ProblemCode code, String detail, String field, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.code = code;
    this.field = field;
    this.extensions = Map.copyOf(extensions);
  }

  public ProblemCode code() {
    return code;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  /** Seconds a client should wait before retrying, for 429 answers. */
  public Optional<Long> retryAfterSeconds() {
    return Optional.ofNullable((Long) extensions.get("retryAfterSeconds"));
  }
}
