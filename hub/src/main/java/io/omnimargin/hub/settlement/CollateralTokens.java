package io.omnimargin.hub.settlement;

import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which token on which chain is which collateral asset, from the risk table: vaults speak in token
 * addresses, the margin engine in asset symbols.
 */
public final class CollateralTokens {
  private record ChainToken(long chainId, Address token) {}

  private final Map<ChainToken, String> assets = new HashMap<>();
  private final Map<CollateralKey, Address> tokens = new HashMap<>();

  public CollateralTokens(RiskConfig risk) {
    for (CollateralRisk row : risk.table()) {
      Address token = Address.fromWord(row.token());
      assets.put(new ChainToken(row.chainId(), token), row.asset());
      tokens.put(row.key(), token);
    }
  }

  /** The asset {@code token} stands for on {@code chainId}, if it is collateral. */
  public Optional<String> asset(long chainId, Address token) {
    return Optional.ofNullable(assets.get(new ChainToken(chainId, token)));
  }

  /** The collateral line {@code token} on {@code chainId} is booked to, if it is collateral. */
  public Optional<CollateralKey> key(long chainId, Address token) {
    return asset(chainId, token).map(asset -> new CollateralKey(chainId, asset));
  }

  /** The token of {@code asset} on {@code chainId}, if the table lists it. */
  public Optional<Address> token(long chainId, String asset) {
    return Optional.ofNullable(tokens.get(new CollateralKey(chainId, asset)));
  }
}
