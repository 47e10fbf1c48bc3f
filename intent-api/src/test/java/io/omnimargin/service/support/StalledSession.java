package io.omnimargin.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Bytes32;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A session on a bare TCP socket with a small receive buffer: it says hello and then reads nothing
 * until asked, like a solver that has fallen behind; it also sends frames of any size unfragmented,
 * which the JDK client does not. (The JDK WebSocket client keeps reading into its own buffers
 * however little is asked of it, so it cannot play this part.) Just enough RFC 6455 for the test:
 * unfragmented frames, masked from the client.
 */
public final class StalledSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** What the hub said when it closed the session: its messages, close code and reason. */
  public record Ending(List<JsonNode> messages, int code, String reason) {}

  private StalledSession(int port) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(2048);
    // large frames go to the kernel at once, not written while the hub may already be closing
    socket.setSendBufferSize(1 << 20);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Opens a session, says hello as {@code solver} and waits for the welcome. */
  public static StalledSession hello(int port, PrivateKey solver) throws IOException {
    StalledSession s = new StalledSession(port);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    s.out.write(
        ("GET /v1/solvers/session HTTP/1.1\r\nHost: localhost:"
                + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    String status = s.line();
    if (!status.contains(" 101 ")) {
      throw new IOException("no upgrade: " + status);
    }
    while (!s.line().isEmpty()) {
      // the rest of the handshake's headers
    }
    JsonNode challenge = JSON.readTree(s.frame().payload());
    s.send(
        SessionSocket.helloMessage(
            solver, solver, Bytes32.fromHex(challenge.get("challenge").asText()), -1));
    JsonNode welcome = JSON.readTree(s.frame().payload());
    if (!"welcome".equals(welcome.path("type").asText())) {
      throw new IOException("not welcomed: " + welcome);
    }
    return s;
  }

  /** Reads everything the hub sent, up to its close frame. */
  public Ending readToClose() throws IOException {
    List<JsonNode> messages = new ArrayList<>();
    while (true) {
      Frame f = frame();
      if (f.opcode() == 8) {
        byte[] p = f.data();
        int code = p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : -1;
        String reason = p.length > 2 ? new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "";
        return new Ending(messages, code, reason);
      }
      for (String line : f.payload().split("\n")) {
        messages.add(JSON.readTree(line));
      }
    }
  }

  private record Frame(int opcode, byte[] data) {
    String payload() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private Frame frame() throws IOException {
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
    return new Frame(b0 & 0x0f, data);
  }

  /** The first message of the next text frame the hub sends (a close frame fails). */
  public JsonNode next() throws IOException {
    Frame f = frame();
    if (f.opcode() == 8) {
      throw new IOException("the hub closed the session");
    }
    return JSON.readTree(f.payload().split("\n")[0]);
  }

  /** Sends {@code text} as one unfragmented text frame, however long. */
  public void send(String text) throws IOException {
    out.write(RawSession.encode(RawSession.Frame.text(text)));
    out.flush();
  }

  /**
   * Sends a frame the hub refuses from its header alone: the hub may close the socket before the
   * rest is written, so a broken pipe here is the expected race, and what the hub said is read
   * next.
   */
  public void sendRefused(String text) throws IOException {
    try {
      send(text);
    } catch (java.net.SocketException brokenPipe) {
      // the hub closed first; its answer is still in this socket's receive buffer
    }
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
