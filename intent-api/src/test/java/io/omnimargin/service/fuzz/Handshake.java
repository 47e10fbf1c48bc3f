package io.omnimargin.service.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * The session socket's opening request, valid or not: a WebSocket upgrade without its key, with a
 * version nobody speaks, without the upgrade, with another protocol, by another method. The hub
 * switches protocols (101) only for a request it can honour, and refuses the rest with a typed
 * problem.
 */
enum Handshake {
  VALID(Expect.ANY, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "13"),
  NO_KEY(Expect.REFUSED, "GET", "websocket", null, "13"),
  EMPTY_KEY(Expect.REFUSED, "GET", "websocket", "", "13"),
  SHORT_KEY(Expect.ANY, "GET", "websocket", "abc", "13"),
  NO_VERSION(Expect.REFUSED, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", null),
  OLD_VERSION(Expect.ANY, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "8"),
  FUTURE_VERSION(Expect.REFUSED, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "99"),
  JUNK_VERSION(Expect.REFUSED, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "١٣"),
  NO_UPGRADE(Expect.REFUSED, "GET", null, "dGhlIHNhbXBsZSBub25jZQ==", "13"),
  OTHER_PROTOCOL(Expect.REFUSED, "GET", "h2c", "dGhlIHNhbXBsZSBub25jZQ==", "13"),
  BY_POST(Expect.REFUSED, "POST", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "13"),
  NO_CONNECTION_UPGRADE(Expect.REFUSED, "GET", "websocket", "dGhlIHNhbXBsZSBub25jZQ==", "13");

  final Expect expect;
  private final String method;
  private final String upgrade;
  private final String key;
  private final String version;

  Handshake(Expect expect, String method, String upgrade, String key, String version) {
    this.expect = expect;
    this.method = method;
    this.upgrade = upgrade;
    this.key = key;
    this.version = version;
  }

  byte[] request() {
    StringBuilder r =
        new StringBuilder(method).append(" /v1/solvers/session HTTP/1.1\r\nHost: localhost\r\n");
    if (upgrade != null) {
      r.append("Upgrade: ").append(upgrade).append("\r\n");
      if (this != NO_CONNECTION_UPGRADE) {
        r.append("Connection: Upgrade\r\n");
      }
    }
    if (key != null) {
      r.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    }
    if (version != null) {
      r.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
    }
    if (method.equals("POST")) {
      r.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    } else {
      r.append("\r\n");
    }
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }
}
