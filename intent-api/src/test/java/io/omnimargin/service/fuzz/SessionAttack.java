package io.omnimargin.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.support.RawHttp;
import io.omnimargin.service.support.RawSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One hostile session message: a message type's valid message changed by a {@link BodyMutation},
 * sent before or after the hello in a {@link SessionDelivery}, then a probe (a message of a type
 * nobody defined, which the hub must refuse by name) to learn that the hub has read everything
 * before it. The hub must answer every refusal with a typed {@code error} (never {@code
 * internal-error}), close only with 1008 and the code it said, or with the protocol's own code for
 * frames RFC 6455 forbids, and stay up.
 */
record SessionAttack(
    Handshake handshake,
    boolean afterHello,
    SessionSeed seed,
    BodyMutation body,
    SessionDelivery delivery) {
  private static final Set<String> TYPES =
      Set.of(
          "challenge",
          "welcome",
          "error",
          "bid-rejected",
          "liquidation-bid-rejected",
          "fill-result",
          "auction",
          "quote",
          "award",
          "liquidation",
          "takeover");
  private static final int WAIT_MILLIS = 5_000;

  /** What came back: the hub's messages, whether it refused anything, and how it ended. */
  record Outcome(List<JsonNode> messages, boolean refused, int closeCode) {
    /** The first answer in a word, for the run's statistics. */
    String summary() {
      for (JsonNode m : messages) {
        String type = m.path("type").asText();
        if (type.equals("error")
            && !m.path("detail").asText().startsWith("unknown message type: probe-")) {
          return "error " + m.path("code").asText();
        }
        if (type.endsWith("bid-rejected")) {
          return type + " " + m.path("reason").asText();
        }
        if (type.equals("fill-result") || type.equals("welcome")) {
          return type;
        }
      }
      return closeCode > 0 ? "closed " + closeCode : refused ? "refused" : "no answer";
    }
  }

  Outcome run(int port, Fixture fixture, long probe) throws IOException {
    if (handshake != Handshake.VALID) {
      return opening(port);
    }
    try (RawSession s = new RawSession(port)) {
      JsonNode challenge = s.next(WAIT_MILLIS);
      assertThat(challenge.path("type").asText()).isEqualTo("challenge");
      Bytes32 c = Bytes32.fromHex(challenge.get("challenge").asText());
      if (afterHello) {
        s.send(SessionSeed.HELLO.body(fixture, c));
        awaitWelcome(s);
      }
      Seed valid = seed.seed(fixture, c);
      BodyMutation.Mutated m = body.apply(valid.body(), valid);
      boolean carried = carried(m);
      Expect expect = carried ? expect(m) : delivery.expect;
      if (carried && !utf8(m.bytes())) {
        expect = Expect.TRANSPORT; // a text message that is not UTF-8 fails the connection (1007)
      }
      s.send(delivery.frames(m.bytes()));
      String probeType = "probe-" + probe;
      s.send("{\"type\":\"" + probeType + "\"}");
      long grace = afterHello && seed.refusedOffTheLoop() && carried ? 300 : 0;
      return judge(s, expect, probeType, afterHello && seed.answeredOffTheLoop() && carried, grace);
    }
  }

  /** A hostile opening request: switched (and closed at once), or refused with a typed problem. */
  private Outcome opening(int port) throws IOException {
    Optional<RawHttp.Answer> answer =
        RawHttp.exchange(port, handshake.request(), false, WAIT_MILLIS);
    if (answer.isPresent() && answer.get().status() == 101) {
      assertThat(handshake.expect).as("%s: switched protocols", handshake).isEqualTo(Expect.ANY);
      return new Outcome(List.of(), false, 101);
    }
    Verdict.check(answer, handshake.expect, false, handshake.toString());
    return new Outcome(List.of(), true, answer.map(RawHttp.Answer::status).orElse(-1));
  }

  private static boolean utf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** Whether the hub gets the body as a message: blank lines are none, skipped unanswered. */
  private boolean carried(BodyMutation.Mutated m) {
    return delivery.carriesBody && !new String(m.bytes(), StandardCharsets.UTF_8).isBlank();
  }

  private Expect expect(BodyMutation.Mutated m) {
    boolean notForTheHub = afterHello ? !seed.forTheHub() : seed != SessionSeed.HELLO;
    return m.expect().and(delivery.expect).and(Expect.refusedIf(notForTheHub));
  }

  /**
   * @param answerLate a hello or fill after the hello, answered from the pool, possibly after the
   *     probe
   * @param graceMillis how long after the probe's answer a refusal from the pool may still come
   */
  private Outcome judge(
      RawSession s, Expect expect, String probeType, boolean answerLate, long graceMillis)
      throws IOException {
    List<JsonNode> messages = new ArrayList<>();
    int answers = 0;
    boolean probed = false;
    long graceUntil = 0;
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (probed && (answers > 0 || !answerLate) && System.currentTimeMillis() >= graceUntil) {
        break; // the hub has read and answered everything before the probe
      }
      JsonNode m = s.next(100);
      if (m == null) {
        if (s.ended()) {
          break;
        }
        continue;
      }
      messages.add(m);
      String type = m.path("type").asText();
      assertThat(TYPES).as("%s: the hub sent %s", this, m).contains(type);
      if (type.equals("error")) {
        typedError(m);
        if (m.path("detail").asText().contains(probeType)) {
          probed = true;
          graceUntil =
              System.currentTimeMillis() + graceMillis; // a refusal from the pool may follow
          continue;
        }
      }
      if (Set.of("error", "bid-rejected", "liquidation-bid-rejected", "fill-result", "welcome")
          .contains(type)) {
        answers++;
      }
    }
    boolean refused = refusals(messages, probeType) > 0 || s.ended();
    ended(s, expect, messages);
    assertThat(probed || s.ended())
        .as("%s: no answer to the probe and no close within %d ms: %s", this, WAIT_MILLIS, messages)
        .isTrue();
    if (expect == Expect.REFUSED) {
      assertThat(refused).as("%s: must be refused, but the hub said %s", this, messages).isTrue();
    }
    if (answerLate && !s.ended()) {
      assertThat(answers).as("%s: never answered: %s", this, messages).isPositive();
    }
    return new Outcome(messages, refused, s.closeCode());
  }

  private void ended(RawSession s, Expect expect, List<JsonNode> messages) {
    if (!s.ended()) {
      return;
    }
    int code = s.closeCode();
    if (code == 1008) {
      String reason = s.closeReason();
      assertThat(Verdict.CODES).as("%s: closed 1008 with %s", this, reason).contains(reason);
      assertThat(messages)
          .as("%s: closed %s without saying so first", this, reason)
          .anyMatch(m -> reason.equals(m.path("code").asText()));
    } else {
      assertThat(expect)
          .as("%s: closed with %d (%s) after %s", this, code, s.closeReason(), messages)
          .isEqualTo(Expect.TRANSPORT);
      assertThat(code).as("%s: closed with %d", this, code).isIn(1000, 1002, 1007, 1009);
    }
  }

  private void typedError(JsonNode error) {
    String code = error.path("code").asText();
    assertThat(Verdict.CODES).as("%s: the hub answered %s", this, error).contains(code);
    Verdict.noLeak(error.toString(), this + ": " + error);
  }

  private static long refusals(List<JsonNode> messages, String probeType) {
    return messages.stream()
        .filter(
            m ->
                m.path("type").asText().endsWith("bid-rejected")
                    || (m.path("type").asText().equals("error")
                        && !m.path("detail").asText().contains(probeType)))
        .count();
  }

  private static void awaitWelcome(RawSession s) throws IOException {
    for (JsonNode m = s.next(WAIT_MILLIS); m != null; m = s.next(WAIT_MILLIS)) {
      if (m.path("type").asText().equals("welcome")) {
        return;
      }
    }
    throw new AssertionError(
        "the fixture's solver was not welcomed (closed " + s.closeCode() + ")");
  }
}
