package io.omnimargin.service.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.oracle.CompositeIndex;
import io.omnimargin.margin.oracle.IndexReading;
import io.omnimargin.margin.oracle.PublishTimeGuard;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.EdgeJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The oracle push feed. With {@code omnimargin.oracle.push-token} set, a matching bearer token is
 * required; without it, pushes are accepted only in dev mode.
 */
@Path("/v1/oracle/prices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oracle")
public class OraclePriceResource {
  @Inject EdgeJson json;

  private static final int MAX_PRICES = 256;
  private final MarginInputs inputs;
  private final RiskConfig risk;
  private final Optional<String> token;
  private final boolean devMode;
  private final PublishTimeGuard guard;
  private final String defaultSource;
  private final int maxSources;
  private static final java.util.regex.Pattern SOURCE_NAME =
      java.util.regex.Pattern.compile("[a-z0-9._-]{1,64}");

  private final MarginEngine engine;

  OraclePriceResource(
      MarginInputs inputs,
      RiskConfig risk,
      OmnimarginConfig config,
      PublishTimeGuard guard,
      MarginEngine engine) {
    this.inputs = inputs;
    this.engine = engine;
    this.defaultSource = config.risk().index().defaultSource();
    this.maxSources = config.risk().index().maxSources();
    this.guard = guard;
    this.risk = risk;
    this.token = config.oracle().pushToken();
    this.devMode = config.devMode();
  }

  /** How many prices were applied and how many account re-valuations they caused. */
  public record PushResult(int applied, int revalued) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Push oracle prices",
      description =
          "{\"prices\": [{\"asset\": \"ETH\", \"price\": \"3000.25\", \"publishTime\": 1764000000,"
              + " \"source\": \"pyth\"}]}; source defaults to omnimargin.risk.index.default-source")
  public PushResult push(@HeaderParam("Authorization") String authorization, String body) {
    authorize(authorization);
    JsonNode prices = json.object(body).get("prices");
    if (prices == null || !prices.isArray() || prices.isEmpty() || prices.size() > MAX_PRICES) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "prices must be an array of 1 to " + MAX_PRICES + " entries",
          "prices");
    }
    // every entry is checked before any is applied: a refused push changes nothing
    List<EngineInput.PriceTick> ticks = new ArrayList<>(prices.size());
    for (int i = 0; i < prices.size(); i++) {
      ticks.add(tick(prices.get(i), "prices[" + i + "]"));
    }
    checkSources(ticks);
    int revalued = 0;
    for (int i = 0; i < ticks.size(); i++) {
      try {
        revalued += inputs.apply(ticks.get(i));
      } catch (CompositeIndex.TooManySourcesException e) {
        throw new Refusal(
            ProblemCode.TOO_MANY_PRICE_SOURCES, e.getMessage(), "prices[" + i + "].source");
      }
    }
    return new PushResult(ticks.size(), revalued);
  }

  /** Refuses the push before anything is applied if it would give an asset too many sources. */
  private void checkSources(List<EngineInput.PriceTick> ticks) {
    Map<String, Set<String>> sources = new HashMap<>();
    for (int i = 0; i < ticks.size(); i++) {
      EngineInput.PriceTick t = ticks.get(i);
      Set<String> known =
          sources.computeIfAbsent(
              t.asset(),
              a ->
                  engine.index(a).sources().stream()
                      .map(IndexReading.SourceQuote::source)
                      .collect(Collectors.toCollection(HashSet::new)));
      if (known.add(t.source()) && known.size() > maxSources) {
        throw new Refusal(
            ProblemCode.TOO_MANY_PRICE_SOURCES,
            t.asset() + " already has " + maxSources + " price sources",
            "prices[" + i + "].source");
      }
    }
  }

  private EngineInput.PriceTick tick(JsonNode entry, String path) {
    String asset = EdgeJson.string(entry, "asset", path + ".asset");
    try {
      risk.asset(asset);
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "unknown asset " + asset, path + ".asset");
    }
    JsonNode time = entry.get("publishTime");
    // a whole number: 1.7e9 or 1700000000.5 would be cut to a second nobody sent
    if (time == null
        || !time.isIntegralNumber()
        || !time.canConvertToLong()
        || time.asLong() <= 0) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "publishTime must be unix seconds", path + ".publishTime");
    }
    try {
      guard.check(time.asLong());
    } catch (PublishTimeGuard.FuturePublishTimeException e) {
      throw new Refusal(ProblemCode.FUTURE_PUBLISH_TIME, e.getMessage(), path + ".publishTime");
    }
    return new EngineInput.PriceTick(
        asset,
        new Price(EdgeJson.wad(entry, "price", path + ".price"), time.asLong()),
        source(entry, path));
  }

  /** The index source the entry names, or the default one; a short lower-case name. */
  private String source(JsonNode entry, String path) {
    if (!entry.has("source")) {
      return defaultSource;
    }
    String source = EdgeJson.string(entry, "source", path + ".source");
    if (!SOURCE_NAME.matcher(source).matches()) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "source is 1 to 64 of a-z 0-9 . _ - (e.g. \"pyth\")",
          path + ".source");
    }
    return source;
  }

  private void authorize(String authorization) {
    if (token.isPresent()) {
      String expected = "Bearer " + token.get();
      if (authorization == null
          || !MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8),
              authorization.getBytes(StandardCharsets.UTF_8))) {
        throw new Refusal(ProblemCode.UNAUTHORIZED, "a valid oracle push token is required");
      }
    } else if (!devMode) {
      throw new Refusal(
          ProblemCode.DEV_MODE_DISABLED, "set omnimargin.oracle.push-token to accept price pushes");
    }
  }
}
