package io.omnimargin.service.auction;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Joins a session socket's frames into whole messages, up to a size. Vert.x 4.5's own joining
 * appends each fragment to the first one's buffer, which cannot grow when that first fragment was
 * empty: the append throws, every later frame of the session fails the same way, each logging an
 * error, and the session is wedged. Here every message gets a buffer of its own, and a text message
 * must be UTF-8 (Vert.x read invalid bytes as replacement characters).
 */
final class FrameJoiner {
  /** What a frame completed. */
  sealed interface Joined {
    /** A whole text message. */
    record Text(String text) implements Joined {}

    /** A whole binary message: the protocol has none. */
    record Binary() implements Joined {}

    /** A message past the limit: what came of it is dropped. */
    record TooLarge() implements Joined {}

    /** A text message that is not UTF-8, which RFC 6455 answers by failing the connection. */
    record NotUtf8() implements Joined {}
  }

  private final int maxBytes;
  private Buffer message;
  private boolean binary;

  FrameJoiner(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The message {@code frame} completes, if it completes one. */
  Optional<Joined> add(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      message = Buffer.buffer();
      binary = frame.isBinary();
    } else if (!frame.isContinuation() || message == null) {
      // control frames are answered by Vert.x; a continuation of nothing, by the frame decoder
      return Optional.empty();
    }
    message.appendBuffer(frame.binaryData());
    if (message.length() > maxBytes) {
      message = null;
      return Optional.of(new Joined.TooLarge());
    }
    if (!frame.isFinal()) {
      return Optional.empty();
    }
    Buffer whole = message;
    message = null;
    return Optional.of(binary ? new Joined.Binary() : text(whole.getBytes()));
  }

  private static Joined text(byte[] bytes) {
    try {
      return new Joined.Text(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return new Joined.NotUtf8();
    }
  }
}
