package io.omnimargin.bench;

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
}
