package io.omnimargin.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.service.support.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a refused request must leave as it was, read over HTTP: the fixture's accounts (collateral,
 * cash, positions, reservations, provisional credits), the trader's intents with their histories,
 * the fixture's auctions, settlement's view, and the counters of every input the margin engine
 * applied and every intent status change (which cover accounts and intents the fixture does not
 * name). The price ages tick with the clock and are left out. (The JDK client keeps its
 * connections: a read of all of it takes a few milliseconds.)
 */
final class StateProbe {
  /** {@code omnimargin.auction.max-rejected-bids}, by default. */
  static final int MAX_REFUSED_BIDS = 32;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String api;
  private final String management;
  private final List<String> reads;

  StateProbe(ServiceProcess service, List<String> reads) {
    this.api = service.baseUri();
    this.management = "http://127.0.0.1:" + service.managementPort;
    this.reads = reads;
  }

  /**
   * The state as the last request left it (read after it, to check it or to let it settle): the
   * next request starts from it without reading it again.
   */
  private Map<String, String> unchanged;

  /** The state before a request: as the last refused request left it, or read now. */
  Map<String, String> before() throws IOException, InterruptedException {
    Map<String, String> state = unchanged != null ? unchanged : read();
    unchanged = null;
    return state;
  }

  /** Something changed the state besides the requests this probe watched (a price push). */
  void forget() {
    unchanged = null;
  }

  /** The state now. */
  Map<String, String> read() throws IOException, InterruptedException {
    Map<String, String> state = new TreeMap<>();
    for (String path : reads) {
      JsonNode node = JsonEdits.parse(get(api + path).body());
      strip(node);
      state.put(path, node.toString());
    }
    get(management + "/q/metrics")
        .body()
        .lines()
        .filter(
            l ->
                l.startsWith("omnimargin_margin_inputs_total")
                    || l.startsWith("omnimargin_intents_status_total"))
        .forEach(
            l -> state.put(l.substring(0, l.lastIndexOf(' ')), l.substring(l.lastIndexOf(' '))));
    return state;
  }

  /**
   * The state once it stopped moving: an accepted request may still be settling (an award, a
   * re-valuation) when its answer arrives.
   */
  Map<String, String> settled() throws IOException, InterruptedException {
    Map<String, String> last = read();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(20);
      Map<String, String> now = read();
      if (now.equals(last)) {
        break;
      }
      last = now;
    }
    unchanged = last;
    return last;
  }

  /** Fails, naming what changed, unless the state is {@code before}. */
  void unchangedSince(Map<String, String> before, String request)
      throws IOException, InterruptedException {
    Map<String, String> after = read();
    for (Map.Entry<String, String> e : before.entrySet()) {
      assertThat(after.get(e.getKey()))
          .as("%s was refused but changed %s", request, e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(after.keySet()).as(request).isEqualTo(before.keySet());
    unchanged = after;
  }

  /** The service answers on its management port that it is alive and ready. */
  void healthy(String after) throws IOException, InterruptedException {
    assertThat(get(management + "/q/health/ready").statusCode())
        .as("readiness after %s", after)
        .isEqualTo(200);
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Leaves out what changes without a request (price ages) and what a refused bid is meant to add:
   * an auction's public record keeps refused bids, at most {@link #MAX_REFUSED_BIDS}, which is
   * checked here instead.
   */
  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("priceAgeSeconds");
      if (o.has("bids") && o.has("winner")) {
        refusedBidsKept(o.withArray("bids"));
      }
      o.forEach(StateProbe::strip);
    } else if (node.isArray()) {
      node.forEach(StateProbe::strip);
    }
  }

  private static void refusedBidsKept(com.fasterxml.jackson.databind.node.ArrayNode bids) {
    int refused = 0;
    for (java.util.Iterator<JsonNode> i = bids.elements(); i.hasNext(); ) {
      if (!i.next().path("rejected").isNull()) {
        refused++;
        i.remove();
      }
    }
    assertThat(refused).as("refused bids one auction keeps").isLessThanOrEqualTo(MAX_REFUSED_BIDS);
  }
}
