package io.omnimargin.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisServerTest {
  @Test
  void eachServerAnswersOnItsOwnPortUntilClosed() throws IOException {
    int port;
    try (RedisServer a = RedisServer.start();
        RedisServer b = RedisServer.start()) {
      assertThat(a.port()).isNotEqualTo(b.port());
      assertThat(a.url()).isEqualTo("redis://127.0.0.1:" + a.port());
      assertThat(command(a.port(), "SET k v")).isEqualTo("+OK");
      assertThat(command(a.port(), "EXISTS k")).isEqualTo(":1");
      assertThat(command(b.port(), "EXISTS k")).as("b is another server").isEqualTo(":0");
      port = a.port();
    }
    assertThat(reachable(port)).as("stopped on close").isFalse();
  }

  private static String command(int port, String inline) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static boolean reachable(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException refused) {
      return false;
    }
  }
}
