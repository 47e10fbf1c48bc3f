package io.omnimargin.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} on a free loopback port, for tests. Needs the binary on PATH (the
 * build's {@code .ci/run} installs Debian's {@code redis-server}), else the build bundled in the
 * {@code embedded-redis} jar on x86-64; without either the test fails loudly.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static RedisServer start() {
    try {
      int port = LocalProcess.freePort();
      Path dir = Files.createTempDirectory("redis-test");
      Process process =
          new ProcessBuilder(
                  executable(),
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      RedisServer server = new RedisServer(process, port, dir);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install it: apt-get install redis-server): " + e.getMessage(),
          e);
    }
  }

  private static String executable() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    String bundled = "/redis-server-6.2.6-v5-linux-amd64";
    try (var in = RedisServer.class.getResourceAsStream(bundled)) {
      if (in == null || !System.getProperty("os.arch").matches("amd64|x86_64")) {
        throw new IOException("no redis-server on PATH and no bundled build for this platform");
      }
      Path binary = Files.createTempFile("redis-server", "");
      Files.copy(in, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      binary.toFile().setExecutable(true);
      binary.toFile().deleteOnExit();
      return binary.toString();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("PING\r\n".getBytes());
        byte[] reply = new byte[7];
        if (socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      LocalProcess.pause(20);
    }
    close();
    throw new IllegalStateException("redis-server did not answer PING within 10 s");
  }

  @Override
  public void close() {
    LocalProcess.stopAndDelete(process, dir);
  }
}
