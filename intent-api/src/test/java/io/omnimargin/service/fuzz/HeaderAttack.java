package io.omnimargin.service.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes to a request's headers (each a full line, the Content-Type first): media types a JSON
 * endpoint must refuse, codings the service does not apply, odd but legal headers it must shrug
 * off, and lines no HTTP/1.1 parser reads.
 */
enum HeaderAttack {
  NONE(Expect.ANY, h -> h),
  NO_CONTENT_TYPE(Expect.REFUSED, h -> without(h)),
  TEXT_PLAIN(Expect.REFUSED, h -> type(h, "text/plain")),
  FORM(Expect.REFUSED, h -> type(h, "application/x-www-form-urlencoded")),
  MULTIPART(Expect.REFUSED, h -> type(h, "multipart/form-data; boundary=x")),
  JSONP(Expect.REFUSED, h -> type(h, "application/jsonp")),
  EMPTY_TYPE(Expect.REFUSED, h -> type(h, "")),
  PROBLEM_JSON(Expect.REFUSED, h -> type(h, "application/problem+json")),
  TYPE_LIST(Expect.REFUSED, h -> type(h, "application/json, text/plain")),
  BOGUS_CHARSET(Expect.ANY, h -> type(h, "application/json; charset=bogus")),
  UTF16_CHARSET(Expect.ANY, h -> type(h, "application/json; charset=UTF-16")),
  UPPER_CASE_TYPE(Expect.ANY, h -> type(h, "APPLICATION/JSON")),
  EMPTY_PARAMETERS(Expect.ANY, h -> type(h, "application/json;;; ;")),
  TWO_TYPES(Expect.ANY, h -> plus(h, "Content-Type: text/plain")),
  GZIP(Expect.REFUSED, h -> plus(h, "Content-Encoding: gzip")),
  DEFLATE(Expect.REFUSED, h -> plus(h, "Content-Encoding: deflate")),
  BROTLI(Expect.REFUSED, h -> plus(h, "Content-Encoding: br")),
  IDENTITY(Expect.ANY, h -> plus(h, "Content-Encoding: identity")),
  ACCEPT_HTML(Expect.ANY, h -> plus(h, "Accept: text/html")),
  ACCEPT_NO_JSON(Expect.ANY, h -> plus(h, "Accept: application/xml, application/json;q=0")),
  EXPECT_CONTINUE(Expect.ANY, h -> plus(h, "Expect: 100-continue")),
  EXPECT_JUNK(Expect.REFUSED, h -> plus(h, "Expect: teapot")),
  NO_HOST(Expect.REFUSED, h -> new ArrayList<>(h.subList(1, h.size()))),
  TWO_HOSTS(Expect.ANY, h -> plus(h, "Host: evil.example")),
  LONG_VALUE(Expect.ANY, h -> plus(h, "X-Fuzz: " + "v".repeat(8_000))),
  MANY_HEADERS(Expect.ANY, h -> flood(h)),
  OBS_TEXT(Expect.ANY, h -> plus(h, "X-Fuzz: caf\u00e9 \u00ff")),
  FOLDED(Expect.ANY, h -> plus(h, "X-Fuzz: a\r\n folded")),
  FORWARDED_JUNK(Expect.ANY, h -> plus(h, "X-Forwarded-For: ::::, 999.1.1.1, \u0661")),
  AUTHORIZATION_JUNK(Expect.ANY, h -> plus(h, "Authorization: Bearer \u00ff\u00fe")),
  CLOSE(Expect.ANY, h -> plus(h, "Connection: close")),
  UPGRADE(Expect.ANY, h -> plus(h, "Connection: Upgrade\r\nUpgrade: websocket")),
  NUL_IN_VALUE(Expect.TRANSPORT, h -> plus(h, "X-Fuzz: a\u0000b")),
  NO_COLON(Expect.TRANSPORT, h -> plus(h, "X-Fuzz")),
  SPACE_IN_NAME(Expect.TRANSPORT, h -> plus(h, "X Fuzz: a")),
  SPACE_BEFORE_COLON(Expect.TRANSPORT, h -> plus(h, "X-Fuzz : a")),
  HUGE_HEADER(Expect.TRANSPORT, h -> plus(h, "X-Fuzz: " + "v".repeat(30_000)));

  /** The headers every request starts with, before its framing headers. */
  static List<String> base() {
    return List.of("Host: localhost", "Content-Type: application/json");
  }

  final Expect expect;
  private final UnaryOperator<List<String>> change;

  HeaderAttack(Expect expect, UnaryOperator<List<String>> change) {
    this.expect = expect;
    this.change = change;
  }

  List<String> apply(List<String> headers) {
    return change.apply(new ArrayList<>(headers));
  }

  private static List<String> without(List<String> h) {
    h.removeIf(line -> line.startsWith("Content-Type:"));
    return h;
  }

  private static List<String> type(List<String> h, String type) {
    without(h).add("Content-Type: " + type);
    return h;
  }

  private static List<String> plus(List<String> h, String line) {
    h.add(line);
    return h;
  }

  private static List<String> flood(List<String> h) {
    for (int i = 0; i < 300; i++) {
      h.add("X-Fuzz-" + i + ": " + i);
    }
    return h;
  }
}
