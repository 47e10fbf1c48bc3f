package io.omnimargin.margin.contagion;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fast first look at {@code AV_m − MMR} under a scenario, in {@code double}: each account is a
 * handful of linear terms in the prices, so a scenario costs a few multiplications per line. It
 * only screens: an account it finds clearly healthy (by more than a relative 1e-9 of the sizes
 * involved, far above the error of a few double operations) is passed over; every other one is
 * valued exactly by the {@link Valuator}, so every figure a run reports is exact. The weights come
 * from the valuator itself (a probe account holding one unit of every risk-table row, valued now),
 * so the screen applies whatever haircut and route discount the engine applies.
 */
final class Screen {
  private static final double RELATIVE = 1e-9;
  private static final double WAD = 1e18;

  private record LineSpec(int asset, long chainBit, double perUnit) {}

  private record MarketTerms(int asset, double mmf) {}

  private final Map<String, Integer> assets = new HashMap<>();
  private final Map<CollateralKey, LineSpec> lines = new HashMap<>();
  private final Map<String, MarketTerms> markets = new HashMap<>();

  Screen(Valuator valuator, MarketSnapshot base, Exposures exposures, long now) {
    RiskConfig config = valuator.config();
    List<String> symbols = config.assets().stream().map(AssetSpec::symbol).sorted().toList();
    for (int i = 0; i < symbols.size(); i++) {
      assets.put(symbols.get(i), i);
    }
    Map<CollateralKey, BigInteger> probe = new HashMap<>();
    for (CollateralRisk row : config.table()) {
      probe.put(row.key(), BigInteger.TEN.pow(config.asset(row.asset()).decimals()));
    }
    Account one = new Account(Address.wrap(new byte[20]), probe, Map.of(), BigInteger.ZERO);
    for (CollateralLine line : valuator.valuate(one, base.allLive(), now).collateral()) {
      CollateralKey key = new CollateralKey(line.chainId(), line.asset());
      double perUnit = line.weightMaintenance().doubleValue() / WAD / probe.get(key).doubleValue();
      lines.put(
          key, new LineSpec(assets.get(line.asset()), exposures.chainBit(line.chainId()), perUnit));
    }
    for (MarketSpec m : config.markets()) {
      markets.put(
          m.symbol(), new MarketTerms(assets.get(m.baseAsset()), m.mmf().doubleValue() / WAD));
    }
  }

  /** The market's prices by asset index, in USD; NaN where there is none. */
  double[] prices(MarketSnapshot market) {
    double[] out = new double[assets.size()];
    assets.forEach(
        (symbol, i) ->
            out[i] = market.price(symbol).map(p -> p.usd().doubleValue() / WAD).orElse(Double.NaN));
    return out;
  }

  /** One account's terms, rebuilt in place for each account of a chunk. */
  final class Terms {
    private int lineCount;
    private int[] lineAsset = new int[8];
    private long[] lineChain = new long[8];
    private double[] lineUnits = new double[8];
    private int positionCount;
    private int[] posAsset = new int[4];
    private double[] posSize = new double[4];
    private double[] posCost = new double[4];
    private double[] posMmf = new double[4];
    private double cash;

    void of(Account account) {
      cash = account.cash().doubleValue() / WAD;
      lineCount = 0;
      for (Map.Entry<CollateralKey, BigInteger> e : account.collateral().entrySet()) {
        LineSpec spec = lines.get(e.getKey());
        if (spec != null) {
          line(spec, e.getValue().doubleValue() * spec.perUnit());
        }
      }
      positionCount = 0;
      for (Position p : account.positions().values()) {
        position(markets.get(p.market()), p);
      }
    }

    private void line(LineSpec spec, double units) {
      if (lineCount == lineAsset.length) {
        lineAsset = java.util.Arrays.copyOf(lineAsset, lineCount * 2);
        lineChain = java.util.Arrays.copyOf(lineChain, lineCount * 2);
        lineUnits = java.util.Arrays.copyOf(lineUnits, lineCount * 2);
      }
      lineAsset[lineCount] = spec.asset();
      lineChain[lineCount] = spec.chainBit();
      lineUnits[lineCount++] = units;
    }

    private void position(MarketTerms terms, Position p) {
      if (positionCount == posAsset.length) {
        posAsset = java.util.Arrays.copyOf(posAsset, positionCount * 2);
        posSize = java.util.Arrays.copyOf(posSize, positionCount * 2);
        posCost = java.util.Arrays.copyOf(posCost, positionCount * 2);
        posMmf = java.util.Arrays.copyOf(posMmf, positionCount * 2);
      }
      posAsset[positionCount] = terms == null ? -1 : terms.asset();
      posSize[positionCount] = p.size().doubleValue() / WAD;
      posCost[positionCount] = p.cost().doubleValue() / WAD;
      posMmf[positionCount++] = terms == null ? 0 : terms.mmf();
    }

    /**
     * Whether the account is clearly above maintenance at {@code prices} with the routes of {@code
     * down} at {@code m = 0}; false means "value it exactly".
     */
    boolean clearlyHealthy(double[] prices, long down) {
      double av = cash;
      double mmr = 0;
      double scale = Math.abs(cash);
      for (int j = 0; j < lineCount; j++) {
        if ((lineChain[j] & down) == 0) {
          double v = lineUnits[j] * prices[lineAsset[j]]; // NaN without a price: not clear
          av += v;
          scale += Math.abs(v);
        }
      }
      for (int j = 0; j < positionCount; j++) {
        if (posAsset[j] < 0) {
          return false;
        }
        double notional = Math.abs(posSize[j]) * prices[posAsset[j]];
        av += posSize[j] * prices[posAsset[j]] - posCost[j];
        mmr += notional * posMmf[j];
        scale += notional + Math.abs(posCost[j]);
      }
      return av - mmr > RELATIVE * scale + RELATIVE; // false for NaN too
    }
  }
}
