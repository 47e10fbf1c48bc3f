package io.omnimargin.margin.engine;

import io.omnimargin.margin.clearing.FundingMeter;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.FundingTerms;
import io.omnimargin.margin.risk.MarketSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every market's funding meter and schedule; the engine's lock guards it. A meter starts when the
 * engine does: after a restart the interval under way measures its premium from the restart on.
 */
final class FundingBook {
  private final FundingTerms terms;
  private final Map<String, FundingMeter> meters = new HashMap<>();
  private final Map<String, String> marketsByAsset = new HashMap<>();
  private final Map<String, Long> nextAt = new HashMap<>();
  private final Map<String, FundingSettlement> last = new HashMap<>();

  FundingBook(FundingTerms terms, Collection<MarketSpec> markets, long now) {
    this.terms = terms;
    for (MarketSpec m : markets) {
      FundingMeter meter = new FundingMeter();
      meter.reset(now);
      meters.put(m.symbol(), meter);
      marketsByAsset.merge(m.baseAsset(), m.symbol(), (a, b) -> a + "," + b);
      nextAt.put(m.symbol(), terms.nextAfter(now));
    }
  }

  FundingTerms terms() {
    return terms;
  }

  void fill(String market, BigInteger size, BigInteger price) {
    FundingMeter meter = meters.get(market);
    if (meter != null) {
      meter.fill(size, price);
    }
  }

  /** The price of {@code asset} changed: every market on it sees a new index. */
  void index(String asset, BigInteger price, long now) {
    String markets = marketsByAsset.get(asset);
    if (markets != null) {
      for (String market : markets.split(",")) {
        meters.get(market).index(price, now);
      }
    }
  }

  BigInteger rate(String market, long now) {
    FundingMeter meter = meters.get(market);
    return meter == null ? BigInteger.ZERO : meter.rate(now, terms.cap());
  }

  long nextAt(String market) {
    return nextAt.getOrDefault(market, terms.nextAfter(0));
  }

  Optional<FundingSettlement> last(String market) {
    return Optional.ofNullable(last.get(market));
  }

  /** The markets whose settlement time has come. */
  List<String> due(long now) {
    List<String> due = new ArrayList<>();
    nextAt.forEach(
        (market, at) -> {
          if (at <= now) {
            due.add(market);
          }
        });
    due.sort(null);
    return due;
  }

  /** Records a settlement and starts the next interval. */
  void settled(FundingSettlement settlement, long now) {
    last.put(settlement.market(), settlement.totals()); // not every payment: bounded
    meters.get(settlement.market()).reset(now);
    nextAt.put(settlement.market(), terms.nextAfter(now));
  }
}
