package io.omnimargin.margin.oracle;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The composite index of every asset from several price sources. The index is the median of the
 * fresh sources that agree; a source further than the band from the median of the other fresh
 * sources is excluded and flagged; with fewer than a quorum of counting sources the index is stale
 * and keeps its last value, dated so that the stale-price rules apply. Integer arithmetic only.
 */
public final class CompositeIndex {
  private final IndexParameters parameters;
  private final ToLongFunction<String> heartbeat;
  private final Map<String, AssetQuotes> assets = new ConcurrentHashMap<>();

  /**
   * @param heartbeat the asset's heartbeat in seconds: a source older than it is stale
   */
  public CompositeIndex(IndexParameters parameters, ToLongFunction<String> heartbeat) {
    this.parameters = parameters;
    this.heartbeat = heartbeat;
  }

  public IndexParameters parameters() {
    return parameters;
  }

  /** A source refused because the asset already has {@code maxSources} others. */
  public static final class TooManySourcesException extends IllegalArgumentException {
    TooManySourcesException(String asset, int max) {
      super(asset + " already has " + max + " price sources");
    }
  }

  /**
   * Takes one source's price and answers the index after it, or empty when the price is older than
   * that source's last one (it changes nothing).
   */
  public Optional<IndexReading> update(String asset, String source, Price price, long now) {
    AssetQuotes quotes = assets.computeIfAbsent(asset, a -> new AssetQuotes());
    synchronized (quotes) {
      Price last = quotes.bySource.get(source);
      if (last != null && last.publishTime() > price.publishTime()) {
        return Optional.empty();
      }
      if (last == null && quotes.bySource.size() >= parameters.maxSources()) {
        throw new TooManySourcesException(asset, parameters.maxSources());
      }
      quotes.bySource.put(source, price);
      IndexReading reading = read(asset, quotes, now);
      reading.index().ifPresent(i -> quotes.last = new Price(i, reading.publishTime()));
      return Optional.of(reading);
    }
  }

  /** The index of {@code asset} now, as a view; empty reading when it never had a price. */
  public IndexReading reading(String asset, long now) {
    AssetQuotes quotes = assets.get(asset);
    if (quotes == null) {
      return new IndexReading(
          asset, Optional.empty(), 0, false, parameters.quorum(), Collections.emptyList());
    }
    synchronized (quotes) {
      return read(asset, quotes, now);
    }
  }

  private IndexReading read(String asset, AssetQuotes quotes, long now) {
    long h = heartbeat.applyAsLong(asset);
    List<Map.Entry<String, Price>> fresh = new ArrayList<>();
    for (Map.Entry<String, Price> q : quotes.bySource.entrySet()) {
      if (now - q.getValue().publishTime() <= h) {
        fresh.add(q);
      }
    }
    Map<String, String> excluded = outliers(fresh);
    List<Price> counting = new ArrayList<>();
    List<IndexReading.SourceQuote> views = new ArrayList<>();
    for (Map.Entry<String, Price> q : quotes.bySource.entrySet()) {
      Price p = q.getValue();
      long age = Math.max(0, now - p.publishTime());
      String status;
      String reason = excluded.get(q.getKey());
      if (now - p.publishTime() > h) {
        status = "stale";
        reason = "older than the " + h + " s heartbeat";
      } else if (reason != null) {
        status = "excluded";
      } else {
        status = "counts";
        counting.add(p);
      }
      views.add(
          new IndexReading.SourceQuote(q.getKey(), p.usd(), p.publishTime(), age, status, reason));
    }
    views.sort(Comparator.comparing(IndexReading.SourceQuote::source));
    return reading(asset, quotes.last, counting, views, now, h);
  }

  private IndexReading reading(
      String asset,
      Price last,
      List<Price> counting,
      List<IndexReading.SourceQuote> views,
      long now,
      long heartbeat) {
    int q = parameters.quorum();
    if (counting.size() >= q) {
      List<Long> times = new ArrayList<>(counting.stream().map(Price::publishTime).toList());
      times.sort(Comparator.reverseOrder());
      BigInteger median = median(counting.stream().map(Price::usd).toList());
      return new IndexReading(asset, Optional.of(median), times.get(q - 1), true, q, views);
    }
    if (last == null && views.isEmpty()) {
      return new IndexReading(asset, Optional.empty(), 0, false, q, views);
    }
    // stale: keep the last index (or, before any, the median of every source), dated past the
    // heartbeat so that the stale-price rules apply now
    BigInteger value =
        last != null ? last.usd() : median(views.stream().map(v -> v.price()).toList());
    long dated = Math.max(1, now - heartbeat - 1);
    long time = last != null ? Math.min(last.publishTime(), dated) : dated;
    return new IndexReading(asset, Optional.of(value), time, false, q, views);
  }

  /**
   * The fresh sources further than the band from the median of the other fresh sources, with the
   * reason. A lone source has no others and is never excluded.
   */
  private Map<String, String> outliers(List<Map.Entry<String, Price>> fresh) {
    Map<String, String> out = new LinkedHashMap<>();
    if (fresh.size() < 2) {
      return out;
    }
    for (Map.Entry<String, Price> q : fresh) {
      List<BigInteger> others = new ArrayList<>(fresh.size() - 1);
      for (Map.Entry<String, Price> o : fresh) {
        if (o != q) {
          others.add(o.getValue().usd());
        }
      }
      BigInteger ref = nearestMiddle(others, q.getValue().usd());
      BigInteger gap = Wad.divUp(q.getValue().usd().subtract(ref).abs(), ref);
      if (gap.compareTo(parameters.band()) > 0) {
        out.put(
            q.getKey(),
            percent(gap)
                + "% from the others' median "
                + Wad.format(ref)
                + " (band "
                + percent(parameters.band())
                + "%)");
      }
    }
    return out;
  }

  /**
   * The others' median as the band reads it: of an even count, whichever middle value is nearer to
   * {@code price}, so that one outlier among the others cannot drag an honest source out.
   */
  static BigInteger nearestMiddle(List<BigInteger> others, BigInteger price) {
    List<BigInteger> sorted = new ArrayList<>(others);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n % 2 == 1) {
      return sorted.get(n / 2);
    }
    BigInteger low = sorted.get(n / 2 - 1);
    BigInteger high = sorted.get(n / 2);
    return price.subtract(low).abs().compareTo(price.subtract(high).abs()) <= 0 ? low : high;
  }

  /** A wad fraction as a percentage with at most two decimals, e.g. 9.63. */
  private static String percent(BigInteger wad) {
    return new java.math.BigDecimal(wad)
        .movePointLeft(16)
        .setScale(2, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The median; of an even count, the mean of the middle two rounded down. */
  static BigInteger median(List<BigInteger> values) {
    List<BigInteger> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1
        ? sorted.get(n / 2)
        : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).shiftRight(1);
  }

  private static final class AssetQuotes {
    final Map<String, Price> bySource = new LinkedHashMap<>();
    Price last;
  }
}
