package io.omnimargin.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.service.support.RawHttp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges one answer: never a 5xx, never a class name or a stack trace in a body, every 4xx a typed
 * RFC 9457 problem (a known code other than {@code internal-error}, its own status), and within
 * what the request's {@link Expect} allows.
 */
final class Verdict {
  /** Every code the service may answer with; {@code internal-error} is never acceptable. */
  static final Set<String> CODES =
      Arrays.stream(ProblemCode.values())
          .filter(c -> c != ProblemCode.INTERNAL_ERROR)
          .map(ProblemCode::code)
          .collect(Collectors.toUnmodifiableSet());

  /** What only a leaked exception or framework page would carry. */
  static final List<String> LEAKS =
      List.of(
          "Exception",
          "\tat ",
          "at io.",
          "at java.",
          "java.",
          "jakarta.",
          "com.fasterxml",
          "io.vertx",
          "io.netty",
          "io.quarkus",
          "org.jboss",
          "StreamReadConstraints",
          "JsonNode",
          "<html");

  private Verdict() {}

  /**
   * Whether the request was refused (nothing accepted), after {@link #check} passed: a 4xx, no
   * answer, or a batch whose every item was refused.
   */
  static boolean refused(Optional<RawHttp.Answer> answer, boolean itemized) {
    return answer.isEmpty()
        || answer.get().status() >= 400
        || (itemized && everyItemRefused(answer.get()));
  }

  static void check(
      Optional<RawHttp.Answer> answer, Expect expect, boolean itemized, String request) {
    if (answer.isEmpty()) {
      assertThat(expect)
          .as("%s: the connection closed without an answer", request)
          .isIn(Expect.NO_ANSWER, Expect.TRANSPORT);
      return;
    }
    RawHttp.Answer a = answer.get();
    String about = request + " answered " + a.status() + " " + a.body();
    assertThat(a.status()).as(about).isLessThan(500).isGreaterThanOrEqualTo(200);
    noLeak(a.body(), about);
    if (a.status() < 300) {
      if (itemized && everyItemRefused(a)) {
        return; // a batch answers 200 with a typed problem for each item it refused
      }
      assertThat(expect).as("%s: accepted, but it must be refused", about).isEqualTo(Expect.ANY);
      return;
    }
    assertThat(a.status()).as(about).isGreaterThanOrEqualTo(400);
    if (expect == Expect.TRANSPORT && a.body().isEmpty()) {
      assertThat(a.status()).as(about).isIn(400, 413, 414, 431);
      return;
    }
    typedProblem(a, about);
  }

  /** An answer in a word, for the run's statistics: its status and problem code. */
  static String summary(Optional<RawHttp.Answer> answer) {
    if (answer.isEmpty()) {
      return "closed";
    }
    String code = "";
    try {
      code = answer.get().body().startsWith("{") ? answer.get().json().path("code").asText() : "";
    } catch (java.io.IOException e) {
      code = "";
    }
    return (answer.get().status() + " " + code).trim();
  }

  static void typedProblem(RawHttp.Answer a, String about) {
    assertThat(a.header("content-type")).as(about).startsWith("application/problem+json");
    JsonNode problem;
    try {
      problem = a.json();
    } catch (java.io.IOException e) {
      throw new AssertionError(about + ": not JSON", e);
    }
    String code = problem.path("code").asText();
    assertThat(CODES).as(about).contains(code);
    assertThat(problem.path("status").asInt()).as(about).isEqualTo(a.status());
    assertThat(problem.path("type").asText()).as(about).endsWith("/" + code);
  }

  /** Every item of a batch answer refused, each with a typed problem of its own. */
  private static boolean everyItemRefused(RawHttp.Answer a) {
    JsonNode results;
    try {
      results = a.json().path("results");
    } catch (java.io.IOException e) {
      throw new AssertionError(a.body(), e);
    }
    boolean all = results.size() > 0;
    for (JsonNode item : results) {
      JsonNode problem = item.path("problem");
      if (problem.isMissingNode() || problem.isNull()) {
        all = false;
        continue;
      }
      String code = problem.path("code").asText();
      assertThat(CODES).as("an item's problem in %s", a.body()).contains(code);
      assertThat(problem.path("status").asInt())
          .as("an item's status in %s", a.body())
          .isEqualTo(
              ProblemCode.valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                  .httpStatus());
    }
    return all;
  }

  static void noLeak(String body, String about) {
    for (String leak : LEAKS) {
      assertThat(body).as("%s: leaks %s", about, leak).doesNotContain(leak);
    }
  }
}
