package io.omnimargin.margin.contagion;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which assets and chains an account is exposed to, as bit masks (one bit per configured asset and
 * chain), so that a scenario can tell in two ANDs whether an account needs valuing again. With more
 * than 64 assets or chains every account counts as exposed: slower, never wrong.
 */
final class Exposures {
  private static final long ALL = -1L;

  private final Map<String, Long> assetBit = new HashMap<>();
  private final Map<Long, Long> chainBit = new HashMap<>();
  private final Map<String, String> marketBase = new HashMap<>();
  private final boolean overflow;

  Exposures(RiskConfig config) {
    List<String> assets = config.assets().stream().map(AssetSpec::symbol).sorted().toList();
    List<Long> chains = config.chains().keySet().stream().sorted().toList();
    overflow = assets.size() > 64 || chains.size() > 64;
    for (int i = 0; i < assets.size() && i < 64; i++) {
      assetBit.put(assets.get(i), 1L << i);
    }
    for (int i = 0; i < chains.size() && i < 64; i++) {
      chainBit.put(chains.get(i), 1L << i);
    }
    for (MarketSpec m : config.markets()) {
      marketBase.put(m.symbol(), m.baseAsset());
    }
  }

  /** The chain's bit (all bits past 64 chains). */
  long chainBit(long chain) {
    return chainBit.getOrDefault(chain, overflow ? ALL : 0L);
  }

  long assetMask(Collection<String> assets) {
    long mask = 0;
    for (String a : assets) {
      mask |= assetBit.getOrDefault(a, overflow ? ALL : 0L);
    }
    return mask;
  }

  long chainMask(Collection<Long> chains) {
    long mask = 0;
    for (Long c : chains) {
      mask |= chainBit.getOrDefault(c, overflow ? ALL : 0L);
    }
    return mask;
  }

  /** The assets the account holds as collateral or trades (a market's base asset). */
  long assetMask(Account account) {
    if (overflow) {
      return ALL;
    }
    long mask = 0;
    for (CollateralKey key : account.collateral().keySet()) {
      mask |= assetBit.getOrDefault(key.asset(), 0L);
    }
    for (Position p : account.positions().values()) {
      String base = marketBase.get(p.market());
      mask |= base == null ? 0L : assetBit.getOrDefault(base, 0L);
    }
    return mask;
  }

  /** The chains the account holds collateral on. */
  long chainMask(Account account) {
    if (overflow) {
      return ALL;
    }
    long mask = 0;
    for (CollateralKey key : account.collateral().keySet()) {
      mask |= chainBit.getOrDefault(key.chainId(), 0L);
    }
    return mask;
  }
}
