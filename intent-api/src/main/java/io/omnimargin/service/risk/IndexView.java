package io.omnimargin.service.risk;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.oracle.IndexReading;
import io.omnimargin.margin.risk.adaptive.EwmaVolatility;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An asset's composite index as the API shows it. */
@Schema(name = "Index", description = "The median of the fresh sources that agree")
public record IndexView(
    String asset,
    @Schema(description = "The index, USD; null when stale or missing") String index,
    @Schema(description = "The last index kept while stale, USD; null when never priced")
        String lastIndex,
    @Schema(description = "Seconds since the index's date; -1 without one") long ageSeconds,
    @Schema(description = "At least a quorum of fresh, agreeing sources") boolean fresh,
    int quorum,
    @Schema(description = "Measured annualised volatility now (EWMA, at least the configured)")
        double sigma,
    @Schema(description = "The σ b_req uses: moves when the estimate leaves ±step of it")
        double sigmaUsed,
    @Schema(description = "The configured σ, the floor") double sigmaConfigured,
    List<Source> sources) {

  /** One source's last price and whether it counts. */
  public record Source(
      String source,
      String price,
      long publishTime,
      long ageSeconds,
      @Schema(description = "counts, stale or excluded") String status,
      @Schema(description = "Why it does not count; null when it does") String reason) {}

  public static IndexView of(MarginEngine engine, String asset, long now) {
    IndexReading r = engine.index(asset);
    EwmaVolatility v = engine.volatility(asset).orElseThrow();
    String value = r.index().map(Wad::format).orElse(null);
    return new IndexView(
        asset,
        r.fresh() ? value : null,
        value,
        r.index().isEmpty() ? -1 : Math.max(0, now - r.publishTime()),
        r.fresh(),
        r.quorum(),
        v.estimate(),
        v.used(),
        v.floor(),
        r.sources().stream()
            .map(
                s ->
                    new Source(
                        s.source(),
                        Wad.format(s.price()),
                        s.publishTime(),
                        s.ageSeconds(),
                        s.status(),
                        s.reason()))
            .toList());
  }
}
