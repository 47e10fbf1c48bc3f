package io.omnimargin.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 on a bare socket, for what REST Assured cannot send: bodies in chunks, requests without
 * a Content-Type, and requests that stop half-way. The answer is read while the body is still being
 * written, as a server may answer (and close) before it has read everything.
 */
public final class RawHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  /** What the server answered: status, headers (lower-case names) and body. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends the request line and headers (and the blank line that ends them). */
  public RawHttp head(String method, String path, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return this;
  }

  /** Sends raw bytes after the head. */
  public RawHttp write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /**
   * POSTs {@code body} in chunks of {@code chunkSize} bytes (no Content-Length) and reads the
   * answer, which may come before the last chunk: writing stops quietly if the server closes.
   */
  public static Answer chunked(int port, String path, byte[] body, int chunkSize)
      throws IOException, InterruptedException {
    try (RawHttp http = new RawHttp(port)) {
      http.head(
          "POST", path, Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"));
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int at = 0; at < body.length; at += chunkSize) {
                    int n = Math.min(chunkSize, body.length - at);
                    http.out.write(
                        (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    http.out.write(body, at, n);
                    http.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  http.out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  http.out.flush();
                } catch (IOException closedByTheServer) {
                  // the server answered early and closed: what it said is read below
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      Answer answer = http.read();
      writer.join(10_000);
      return answer;
    }
  }

  /** POSTs {@code body} with a Content-Length and exactly {@code headers} besides. */
  public static Answer post(int port, String path, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Length", Integer.toString(bytes.length));
    try (RawHttp http = new RawHttp(port)) {
      return http.head("POST", path, all).write(bytes).read();
    }
  }

  /**
   * Sends {@code request} as it is (head, framing and body already in it) while reading the answer,
   * and shuts the sending side afterwards if asked. Answers the final answer (a 100 Continue is
   * skipped; a 101 Switching Protocols is final, without a body), or empty if the server closed the
   * connection without one; fails if it did neither within {@code timeoutMillis}.
   */
  public static Optional<Answer> exchange(
      int port, byte[] request, boolean halfClose, int timeoutMillis) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.socket.setSoTimeout(timeoutMillis);
      Thread writer =
          new Thread(
              () -> {
                try {
                  http.out.write(request);
                  http.out.flush();
                  if (halfClose) {
                    http.socket.shutdownOutput();
                  }
                } catch (IOException closedByTheServer) {
                  // the server answered early and closed: what it said is read below
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      try {
        return Optional.of(http.read());
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer and no close within " + timeoutMillis + " ms", e);
      } catch (ClosedEarly | SocketException e) {
        return Optional.empty();
      }
    }
  }

  /** The server closed the connection before the status line. */
  private static final class ClosedEarly extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Reads one answer: status line, headers, and a body framed by length, chunks or close. */
  public Answer read() throws IOException {
    String status = statusLine();
    while (status.split(" ")[1].startsWith("1") && !status.split(" ")[1].equals("101")) {
      while (!line().isEmpty()) {
        // an interim answer's headers
      }
      status = statusLine();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    byte[] body;
    if (status.split(" ")[1].equals("101")) {
      body = new byte[0]; // what follows is another protocol's
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunks();
    } else {
      body = in.readAllBytes();
    }
    return new Answer(
        Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Waits up to {@code millis} for the server to answer or close; returns the milliseconds it took,
   * or -1 if it did neither.
   */
  public long millisUntilAnsweredOrClosed(long millis) throws IOException {
    long start = System.nanoTime();
    socket.setSoTimeout((int) millis);
    try {
      in.read();
      return (System.nanoTime() - start) / 1_000_000;
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (IOException reset) {
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().split(";")[0].trim(), 16);
      if (size == 0) {
        line();
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String statusLine() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new ClosedEarly();
    }
    return (char) first + line();
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("the server closed the connection after: " + line);
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
