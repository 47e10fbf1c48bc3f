package io.omnimargin.service.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One hostile HTTP request: a seed's body changed by a {@link BodyMutation}, sent with a method,
 * path, headers and framing of their own, each of which may be hostile too.
 */
record HttpAttack(
    Seed seed,
    BodyMutation body,
    Delivery delivery,
    HeaderAttack headers,
    String method,
    PathAttack path,
    long salt) {

  /** The request on the wire, how it ends, and what the service may answer. */
  record Wire(byte[] bytes, boolean halfClose, Expect expect, String target) {}

  Wire wire() {
    BodyMutation.Mutated mutated = body.apply(seed.body(), seed);
    Delivery.Framed framed = delivery.frame(mutated.bytes());
    String target = seed.param() == null ? seed.path() : seed.path(path.apply(seed.param(), salt));
    List<String> lines = new ArrayList<>(headers.apply(HeaderAttack.base()));
    lines.add(framed.headers());
    StringBuilder head =
        new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    lines.forEach(line -> head.append(line).append("\r\n"));
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(framed.payload());
    Expect expect =
        (framed.bodyRead() ? Expect.ANY : mutated.expect())
            .and(framed.expect())
            .and(headers.expect)
            .and(seed.param() == null ? Expect.ANY : path.expect)
            .and(Expect.refusedIf(!method.equals("POST")));
    return new Wire(out.toByteArray(), framed.halfClose(), expect, method + " " + target);
  }
}
