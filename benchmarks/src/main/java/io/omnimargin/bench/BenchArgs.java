package io.omnimargin.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/** The load drivers' {@code key=value} arguments; a bare {@code key} maps to "". */
final class BenchArgs {
  private BenchArgs() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new TreeMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return options;
  }

  /**
   * The hub's Prometheus metrics: {@code metrics=URL}, by default {@code /q/metrics} on port 9000
   * of the hub's host (the management interface, never the API port).
   */
  static URI metrics(Map<String, String> options, URI hub) {
    return URI.create(
        options.getOrDefault("metrics", "http://" + hub.getHost() + ":9000/q/metrics"));
  }
}
