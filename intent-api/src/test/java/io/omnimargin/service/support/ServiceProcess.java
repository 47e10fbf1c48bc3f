package io.omnimargin.service.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code quarkus-run.jar}) as a child process in the {@code local} profile,
 * run from a working directory with its data directory at the default {@code ./data}: started,
 * waited for, killed with SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  public final int port;
  public final int managementPort;

  private ServiceProcess(Process process, Path log, int port, int managementPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** The runner jar that {@code package} built (failsafe runs after it). */
  public static Path runnerJar() {
    Path jar =
        Path.of(System.getProperty("quarkus.runner.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./mvnw package first");
    }
    return jar.toAbsolutePath();
  }

  /** The launcher, found from the module directory the tests run in. */
  static Path launcher() {
    Path launcher = Path.of("..", "bin", "omnimargin").toAbsolutePath().normalize();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(launcher + " is missing or not executable");
    }
    return launcher;
  }

  private static ProcessBuilder builder(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("OMNIMARGIN_APP", runnerJar().toString());
    builder.environment().put("OMNIMARGIN_HEAP", "256m");
    return builder;
  }

  /** Starts the service in {@code workDir}; {@code name} names its log file there. */
  public static ServiceProcess start(Path workDir, String name, String... properties)
      throws IOException {
    int[] ports = freePorts(); // held open together: two picked apart may be the same port
    int port = ports[0];
    int management = ports[1];
    // started as a user starts it: bin/omnimargin, which execs the JVM (so a kill reaches it)
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.add("-Dquarkus.profile=local");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.management.port=" + management); // health is on the management port
    // where the other replicas reach this one, should it own the ledger (cluster mode only)
    command.add("-Domnimargin.cluster.advertised-url=http://127.0.0.1:" + port);
    command.addAll(List.of(properties));
    Path log = workDir.resolve(name + ".log");
    Process process =
        builder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ServiceProcess(process, log, port, management);
  }

  /** Waits until {@code /q/health/ready} answers 200. */
  public ServiceProcess awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited at start-up:\n" + log());
      }
      try {
        HttpResponse<Void> ready =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the service was not ready in " + START_TIMEOUT + ":\n" + log());
  }

  /** Waits for the process to exit by itself; answers its exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("the service did not exit:\n" + log());
    }
    return process.exitValue();
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown hook, no close, no flush. Answers the exit code (137). */
  public int killMinus9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      killMinus9();
    }
  }

  private static int[] freePorts() throws IOException {
    try (ServerSocket first = new ServerSocket(0);
        ServerSocket second = new ServerSocket(0)) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    }
  }
}
