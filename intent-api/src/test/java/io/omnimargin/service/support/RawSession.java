package io.omnimargin.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A session socket on a bare TCP connection that sends any WebSocket frame (any opcode, reserved
 * bits, unmasked, fragmented, invalid UTF-8) and reads what the hub sends back: its messages (one
 * JSON object per line) and, if it closes, its close code and reason.
 */
public final class RawSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int closeCode = -1;
  private String closeReason;
  private boolean ended;
  private final List<JsonNode> pending = new ArrayList<>();

  /** One frame as the client sends it. */
  public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    public static Frame text(String text) {
      return new Frame(true, 0, 1, true, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public RawSession(int port) throws IOException {
    socket = new Socket();
    socket.setSendBufferSize(1 << 20);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(5_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    out.write(
        ("GET /v1/solvers/session HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    String status = line();
    if (!status.contains(" 101 ")) {
      throw new IOException("no upgrade: " + status);
    }
    while (!line().isEmpty()) {
      // the rest of the handshake
    }
  }

  /**
   * Sends frames; a hub that closed first makes the rest fail quietly (its answer is read next).
   */
  public void send(List<Frame> frames) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Frame f : frames) {
      all.writeBytes(encode(f));
    }
    try {
      out.write(all.toByteArray());
      out.flush();
    } catch (SocketException closedByTheHub) {
      // the hub refused and closed; what it said is still to be read
    }
  }

  public void send(String text) throws IOException {
    send(List.of(Frame.text(text)));
  }

  /**
   * The next message, or null once the hub closed (see {@link #closeCode}) or after {@code millis}
   * of silence.
   */
  public JsonNode next(int millis) throws IOException {
    while (true) {
      if (!pending.isEmpty()) {
        return pending.remove(0);
      }
      if (ended) {
        return null;
      }
      socket.setSoTimeout(millis);
      try {
        readFrame();
      } catch (SocketTimeoutException silence) {
        return null;
      } catch (EOFException | SocketException gone) {
        ended = true;
      }
    }
  }

  private void readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] data = new byte[Math.toIntExact(length)];
    in.readFully(data);
    int opcode = b0 & 0x0f;
    if (opcode == 8) {
      closeCode = data.length >= 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : 1005;
      closeReason =
          data.length > 2 ? new String(data, 2, data.length - 2, StandardCharsets.UTF_8) : "";
      ended = true;
    } else if (opcode == 1) {
      for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
        pending.add(JSON.readTree(line));
      }
    }
  }

  /** Whether the hub ended the session (a close frame or the connection gone). */
  public boolean ended() {
    return ended && pending.isEmpty();
  }

  /** The hub's close code: -1 if none came, 1005 if it had no code. */
  public int closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  /** The frame's bytes on the wire (StalledSession sends its frames with it too). */
  static byte[] encode(Frame f) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((f.fin() ? 0x80 : 0) | (f.rsv() & 0x7) << 4 | (f.opcode() & 0x0f));
    int mask = f.masked() ? 0x80 : 0;
    int n = f.payload().length;
    if (n < 126) {
      frame.write(mask | n);
    } else if (n < 65_536) {
      frame.write(mask | 126);
      frame.write(n >>> 8);
      frame.write(n & 0xff);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift) & 0xff);
      }
    }
    byte[] key = new byte[4];
    if (f.masked()) {
      RANDOM.nextBytes(key);
      frame.writeBytes(key);
    }
    for (int i = 0; i < n; i++) {
      frame.write(f.payload()[i] ^ (f.masked() ? key[i % 4] : 0));
    }
    return frame.toByteArray();
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("closed during the handshake");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
