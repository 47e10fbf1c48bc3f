package io.omnimargin.hub.intake;

import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.MarketSymbol;
import java.util.Set;

/**
 * What intake accepts: the one EIP-712 domain, the listed markets and the cap on live intents per
 * user. Built by the adapter from configuration.
 */
public record IntakePolicy(Eip712Domain domain, Set<MarketSymbol> markets, int maxLivePerUser) {
  public IntakePolicy {
    markets = Set.copyOf(markets);
    if (maxLivePerUser <= 0) {
      throw new IllegalArgumentException("maxLivePerUser must be positive");
    }
  }
}
