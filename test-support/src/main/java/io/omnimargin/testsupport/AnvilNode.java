package io.omnimargin.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A real local EVM node: anvil 1.7.1 from {@code settlement/contracts/node_modules}, started on a
 * free port with its own chain id and stopped on {@link #close()}. A test that needs it and finds
 * no binary fails with the command that installs it; it never skips. It works from any module's
 * tests: see {@link #contractsDir()} for how it finds {@code settlement/contracts}.
 */
public final class AnvilNode implements AutoCloseable {
  /** anvil's first default dev account (from its well-known test mnemonic), funded at genesis. */
  public static final String DEV_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  /** The second default dev account, used as a trader in tests. */
  public static final String SECOND_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  private final Process process;
  private final int port;
  private final long chainId;
  private final Path log;

  private AnvilNode(Process process, int port, long chainId, Path log) {
    this.process = process;
    this.port = port;
    this.chainId = chainId;
    this.log = log;
  }

  /** Starts a node with the given chain id, mining a block per transaction (auto-mine). */
  public static AnvilNode start(long chainId) {
    return start(chainId, List.of());
  }

  /** Starts a node with extra anvil arguments (for example {@code --block-time 1}). */
  public static AnvilNode start(long chainId, List<String> extraArgs) {
    Path binary = binary();
    int port = LocalProcess.freePort();
    try {
      Path log = Files.createTempFile("anvil-" + chainId + "-", ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(binary.toString());
      cmd.addAll(
          List.of(
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--chain-id",
              Long.toString(chainId),
              "--timestamp",
              "1800000000"));
      cmd.addAll(extraArgs);
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      AnvilNode node = new AnvilNode(p, port, chainId, log);
      node.awaitReady(Duration.ofSeconds(20));
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start anvil at " + binary, e);
    }
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long chainId() {
    return chainId;
  }

  /** Sends a raw JSON-RPC call (for anvil_* test controls web3j does not model). */
  public String rpc(String method, String paramsJson) {
    return call(rpcUrl(), method, paramsJson);
  }

  /** A raw JSON-RPC call to any node; answers the response text, throws on an error answer. */
  public static String call(String rpcUrl, String method, String paramsJson) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":"
            + paramsJson
            + "}";
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(rpcUrl).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(2000);
      c.setReadTimeout(10000);
      c.setRequestProperty("content-type", "application/json");
      c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      String answer = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (answer.contains("\"error\"")) {
        throw new IllegalStateException(method + " failed: " + answer);
      }
      return answer;
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed on " + rpcUrl, e);
    }
  }

  /** The node's current head. */
  public long blockNumberNow() {
    String answer = rpc("eth_blockNumber", "[]");
    return Long.decode(answer.replaceAll(".*\"result\":\"([^\"]+)\".*", "$1").trim());
  }

  /** Mines {@code blocks} empty blocks. */
  public void mine(int blocks) {
    mine(rpcUrl(), blocks);
  }

  /** Mines {@code blocks} empty blocks on the node at {@code rpcUrl}. */
  public static void mine(String rpcUrl, int blocks) {
    call(rpcUrl, "anvil_mine", "[\"0x" + Integer.toHexString(blocks) + "\"]");
  }

  @Override
  public void close() {
    LocalProcess.stop(process);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    IllegalStateException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("anvil exited at start-up: " + tail());
      }
      try {
        rpc("eth_chainId", "[]");
        return;
      } catch (IllegalStateException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("anvil did not answer within " + timeout + ": " + tail(), last);
  }

  private String tail() {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** The node's binary: the platform package that {@code @foundry-rs/anvil} installs. */
  public static Path binary() {
    Path dir = contractsDir();
    String os =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
    Path binary =
        dir.resolve(
            Path.of("node_modules", "@foundry-rs", "anvil-" + os + "-" + arch, "bin", "anvil"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "anvil not found at "
              + binary.toAbsolutePath()
              + ". It comes from npm: install Node.js 18+ and run `npm ci` in settlement/contracts"
              + " (the Maven build does this before the tests).");
    }
    return binary;
  }

  /**
   * {@code settlement/contracts}, where {@code npm ci} installs anvil: the {@code contracts.dir}
   * system property when set (the parent pom's surefire configuration sets it for every module),
   * else the first {@code settlement/contracts} found walking up from the working directory (a test
   * run from an IDE in any module's folder, or from the project root).
   */
  public static Path contractsDir() {
    String configured = System.getProperty("contracts.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path workingDir = Path.of("").toAbsolutePath();
    return findContractsDir(workingDir)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no settlement/contracts in "
                        + workingDir
                        + " or above it; set -Dcontracts.dir=<project root>/settlement/contracts"));
  }

  /** The first {@code settlement/contracts} directory in {@code start} or a folder above it. */
  static Optional<Path> findContractsDir(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("settlement").resolve("contracts");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
