package io.omnimargin.service.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local/cluster.sh} as a person uses it: {@code up 2} starts a broker, Redis and two
 * replicas and prints a line per replica; a price pushed to one is on the other; {@code kill 2}
 * kills replica 2, {@code start 2} brings it back with the price it missed nothing of; {@code down}
 * stops everything.
 */
class ClusterScriptIT {
  private static final Pattern LINE =
      Pattern.compile("replica (\\d+) http://127\\.0\\.0\\.1:(\\d+) pid (\\d+)");

  @TempDir Path run;

  @Test
  @Timeout(400)
  void upKillStartDown() throws Exception {
    try {
      List<String> lines = script("up", "2");
      assertThat(lines).hasSize(2);
      assertThat(Files.readAllLines(run.resolve("replicas.txt"))).isEqualTo(lines);
      String one = url(lines.get(0));
      String two = url(lines.get(1));
      given()
          .baseUri(one)
          .contentType(ContentType.JSON)
          .body(
              "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"2718.28\",\"publishTime\":"
                  + System.currentTimeMillis() / 1000
                  + "}]}")
          .post("/v1/oracle/prices")
          .then()
          .statusCode(200);
      assertThat(indexOn(two)).isEqualTo("2718.28");

      long pid = pid(lines.get(1));
      script("kill", "2");
      assertThat(running(pid)).as("replica 2 after kill").isFalse();
      List<String> again = script("start", "2");
      assertThat(again).hasSize(1);
      assertThat(pid(again.get(0))).isNotEqualTo(pid);
      assertThat(url(again.get(0))).isEqualTo(two);
      assertThat(indexOn(two)).as("caught up before ready").isEqualTo("2718.28");
    } finally {
      script("down");
    }
  }

  /** Running, not a zombie: a SIGKILLed child of the script stays one until init reaps it. */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String line = Files.readString(stat);
    return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
  }

  private String indexOn(String base) {
    return given().baseUri(base).get("/v1/markets/ETH-PERP").path("indexPrice");
  }

  private static String url(String line) {
    Matcher m = LINE.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return "http://127.0.0.1:" + m.group(2);
  }

  private static long pid(String line) {
    Matcher m = LINE.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return Long.parseLong(m.group(3));
  }

  /** Runs the script; answers its standard output's lines (the replica lines). */
  private List<String> script(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(
        Path.of("..", "deploy", "local", "cluster.sh").toAbsolutePath().normalize().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CLUSTER_RUN_DIR", run.toString());
    builder.environment().put("OMNIMARGIN_DEV_MODE", "true"); // passes through to every replica
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("cluster.sh %s", String.join(" ", args)).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
