package io.omnimargin.service.margin;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.MarketState;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.service.risk.IndexView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Each market's index, funding and open interest. */
@Path("/v1/markets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clearing")
public class MarketResource {
  private final MarginEngine engine;
  private final RiskConfig risk;
  private final Clock clock;

  MarketResource(MarginEngine engine, RiskConfig risk, Clock clock) {
    this.engine = engine;
    this.risk = risk;
    this.clock = clock;
  }

  public record LastFunding(
      @Schema(description = "Epoch seconds") long at,
      String rate,
      String index,
      int positions,
      String paid,
      String received,
      @Schema(description = "paid − received, to the fee pool") String residue) {}

  public record MarketView(
      String market,
      String baseAsset,
      @Schema(description = "The base asset's price while fresh, USD; null when stale or missing")
          String indexPrice,
      @Schema(description = "Seconds since the last price was published; -1 without one")
          long indexAgeSeconds,
      @Schema(description = "The rate the current interval has earned so far (0.001 is 0.1%)")
          String fundingRate,
      @Schema(description = "When funding is next settled, epoch seconds") long nextFundingAt,
      @Schema(description = "Σ long sizes, base units") String openInterestLong,
      @Schema(description = "Σ short sizes, base units (equal to the longs')")
          String openInterestShort,
      LastFunding lastFunding,
      @Schema(description = "The composite index: each source, whether it counts, and σ now")
          IndexView index) {}

  @GET
  @Operation(summary = "Every listed market")
  public List<MarketView> markets() {
    return risk.markets().stream()
        .sorted(Comparator.comparing(MarketSpec::symbol))
        .map(m -> view(m, engine.market(m.symbol()).orElseThrow()))
        .toList();
  }

  @GET
  @Path("/{market}")
  @Operation(summary = "One market's index price, funding and open interest")
  public MarketView market(@PathParam("market") String market) {
    MarketSpec spec =
        risk.market(market)
            .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no market " + market));
    return view(spec, engine.market(market).orElseThrow());
  }

  private MarketView view(MarketSpec spec, MarketState s) {
    long now = clock.instant().getEpochSecond();
    return new MarketView(
        s.market(),
        spec.baseAsset(),
        s.index().map(Wad::format).orElse(null),
        s.indexPublishTime() == 0 ? -1 : Math.max(0, now - s.indexPublishTime()),
        Wad.format(s.fundingRate()),
        s.nextFundingAt(),
        Wad.format(s.openLong()),
        Wad.format(s.openShort()),
        s.lastFunding().map(MarketResource::last).orElse(null),
        IndexView.of(engine, spec.baseAsset(), now));
  }

  private static LastFunding last(FundingSettlement f) {
    return new LastFunding(
        f.at(),
        Wad.format(f.rate()),
        Wad.format(f.index()),
        f.positions(),
        Wad.format(f.paid()),
        Wad.format(f.received()),
        Wad.format(f.residue()));
  }
}
