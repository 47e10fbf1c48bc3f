package io.omnimargin.service.cluster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's own look into Redis over one socket (RESP 2), quick enough to poll in a tight loop while
 * a replica writes: the replicas' client is not the thing under test here.
 */
final class RedisProbe implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RedisProbe(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000); // a stuck server fails the test, not its whole time limit
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends one command; answers a String, a Long, null, or a List of those. */
  Object call(List<String> command) throws IOException {
    StringBuilder request = new StringBuilder("*").append(command.size()).append("\r\n");
    for (String part : command) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    return read();
  }

  /** How many of {@code fields} the hash holds. */
  int present(String hash, List<String> fields) throws IOException {
    List<String> command = new ArrayList<>(List.of("HMGET", hash));
    command.addAll(fields);
    int n = 0;
    for (Object value : (List<?>) call(command)) {
      n += value == null ? 0 : 1;
    }
    return n;
  }

  long hlen(String hash) throws IOException {
    return (Long) call(List.of("HLEN", hash));
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("redis: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      case '*':
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read());
        }
        return items;
      default:
        throw new IOException("redis: unexpected reply type " + type);
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\r'; c = in.read()) {
      if (c < 0) {
        throw new IOException("redis: connection closed");
      }
      line.append((char) c);
    }
    in.read(); // '\n'
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
