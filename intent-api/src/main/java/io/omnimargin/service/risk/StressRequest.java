package io.omnimargin.service.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.contagion.StressScenario;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.service.web.EdgeJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code POST /v1/risk/stress}: {@code {"scenarios": [{"name", "routesDown",
 * "priceShocks"}]}} with typed refusals: at most {@code maxScenarios} scenarios, names of at most
 * 64 characters, routes that are configured, assets that are listed, shocks from −0.99 to 10 in at
 * most 18 decimals.
 */
final class StressRequest {
  static final BigInteger MIN_SHOCK = Wad.of("-0.99");
  static final BigInteger MAX_SHOCK = Wad.of("10");
  static final int MAX_NAME = 64;
  static final int MAX_BYTES = 16_384;

  private StressRequest() {}

  static List<StressScenario> parse(EdgeJson json, String body, int maxScenarios, RiskConfig risk) {
    JsonNode root = json.object(body, MAX_BYTES, Set.of("scenarios"));
    JsonNode list = root.get("scenarios");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw invalid("scenarios", "scenarios must be a non-empty array");
    }
    if (list.size() > maxScenarios) {
      throw invalid("scenarios", "at most " + maxScenarios + " scenarios per request");
    }
    List<StressScenario> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(scenario(list.get(i), "scenarios[" + i + "]", risk));
    }
    return out;
  }

  private static StressScenario scenario(JsonNode node, String path, RiskConfig risk) {
    if (!node.isObject()) {
      throw invalid(path, path + " must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!Set.of("name", "routesDown", "priceShocks").contains(name)) {
        throw invalid(path + "." + name, "unknown field " + name);
      }
    }
    String name = EdgeJson.string(node, "name", path + ".name");
    if (name.length() > MAX_NAME) {
      throw invalid(path + ".name", "a name has at most " + MAX_NAME + " characters");
    }
    List<String> routes = new ArrayList<>();
    JsonNode down = node.get("routesDown");
    if (down != null) {
      if (!down.isArray()) {
        throw invalid(path + ".routesDown", "routesDown must be an array of chain ids");
      }
      down.forEach(r -> routes.add(r.isTextual() || r.isIntegralNumber() ? r.asText() : "?"));
    }
    Map<String, String> shocks = new LinkedHashMap<>();
    JsonNode prices = node.get("priceShocks");
    if (prices != null) {
      if (!prices.isObject()) {
        throw invalid(path + ".priceShocks", "priceShocks must be an object of asset → fraction");
      }
      prices.fields().forEachRemaining(e -> shocks.put(e.getKey(), shockText(e.getValue())));
    }
    return scenario(name, routes, shocks, risk, path);
  }

  private static String shockText(JsonNode v) {
    return v.isTextual() || v.isNumber() ? v.asText() : "?";
  }

  /** A scenario from configuration (chain ids as numbers). */
  static StressScenario scenario(
      String name, List<Long> routesDown, Map<String, String> shocks, RiskConfig risk) {
    return scenario(name, routesDown.stream().map(String::valueOf).toList(), shocks, risk, name);
  }

  private static StressScenario scenario(
      String name,
      List<String> routesDown,
      Map<String, String> shocks,
      RiskConfig risk,
      String path) {
    Set<Long> down = new HashSet<>();
    for (String r : routesDown) {
      long chain = chain(r, path + ".routesDown");
      if (risk.routes().stream().noneMatch(route -> route.chainId() == chain)) {
        throw invalid(path + ".routesDown", "no route for chain " + r);
      }
      down.add(chain);
    }
    Map<String, BigInteger> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : shocks.entrySet()) {
      String at = path + ".priceShocks." + e.getKey();
      if (risk.assets().stream().noneMatch(a -> a.symbol().equals(e.getKey()))) {
        throw invalid(at, "unknown asset " + e.getKey());
      }
      parsed.put(e.getKey(), shock(e.getValue(), at));
    }
    return new StressScenario(name, down, parsed);
  }

  private static long chain(String text, String path) {
    try {
      return Digits.unsignedLong(text);
    } catch (NumberFormatException e) {
      throw invalid(path, path + " must hold decimal chain ids");
    }
  }

  private static BigInteger shock(String text, String path) {
    BigInteger s;
    try {
      s = Wad.of(text);
    } catch (IllegalArgumentException e) {
      throw invalid(path, path + " must be a decimal fraction such as \"-0.30\"");
    }
    if (s.compareTo(MIN_SHOCK) < 0 || s.compareTo(MAX_SHOCK) > 0) {
      throw invalid(path, path + " must be from -0.99 to 10");
    }
    return s;
  }

  private static Refusal invalid(String path, String detail) {
    return new Refusal(ProblemCode.INVALID_FIELD, detail, path);
  }
}
