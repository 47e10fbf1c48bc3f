package io.omnimargin.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real Apache Kafka broker in KRaft mode (one node, broker and controller), started as a JVM of
 * its own on free loopback ports, for tests. Its jars are the ones {@code deploy/local} gathers
 * into {@code deploy/local/target/kafka-libs} (the version the Quarkus platform manages), so the
 * broker never shares a class path with the code under test.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path dir;

  private KafkaBroker(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Formats a fresh log directory and starts the broker; returns once it accepts connections. */
  public static KafkaBroker start() {
    try {
      int[] ports = LocalProcess.freePorts(2); // two picked apart may be one: kafka refuses that
      int port = ports[0];
      int controller = ports[1];
      Path dir = Files.createTempDirectory("kafka-test");
      Path config = dir.resolve("server.properties");
      Files.writeString(config, serverProperties(port, controller, dir.resolve("logs")));
      run(
          dir,
          "format",
          List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()));
      Process process =
          new ProcessBuilder(java(List.of("-Xmx512m", "kafka.Kafka", config.toString())))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("broker.log").toFile())
              .start();
      KafkaBroker broker = new KafkaBroker(process, port, dir);
      broker.awaitListening();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker", e);
    }
  }

  static String serverProperties(int port, int controller, Path logs) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + logs,
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // the ledger owners' group times a silent owner out after 3 s (the default floor is 6 s)
        "group.min.session.timeout.ms=500",
        "num.partitions=1",
        "");
  }

  /**
   * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. One in 32 such ids starts
   * with '-', which the storage tool's argument parser takes for an option (a CI run failed on
   * one), so those are drawn again, as Kafka's own {@code Uuid.randomUuid} does.
   */
  static String clusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (id.charAt(0) != '-') {
        return id;
      }
    }
  }

  private static void run(Path dir, String name, List<String> args) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(java(args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "kafka " + name + " failed: " + Files.readString(log).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> java(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(libs() + File.separator + "*");
    command.addAll(args);
    return command;
  }

  /**
   * The broker's jars: {@code -Domnimargin.kafka.libs=...}, else {@code
   * deploy/local/target/kafka-libs} found from the working directory or one of its parents (a
   * module directory under the root).
   */
  static Path libs() {
    String configured = System.getProperty("omnimargin.kafka.libs");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("deploy/local/target/kafka-libs");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the Kafka broker's jars are missing: build deploy/local first"
            + " (./mvnw -B -q generate-resources -pl deploy/local)");
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Kafka broker exited; see " + dir.resolve("broker.log"));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        LocalProcess.pause(50);
      }
    }
    close();
    throw new IllegalStateException("the Kafka broker did not listen within " + START_TIMEOUT);
  }

  @Override
  public void close() {
    LocalProcess.stopAndDelete(process, dir);
  }
}
