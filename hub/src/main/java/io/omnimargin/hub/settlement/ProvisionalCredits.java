package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/**
 * The part of a collateral line credited before its proof (a solver fronted the deposit), so that
 * the account view can mark it. The front desk implements it.
 */
public interface ProvisionalCredits {
  /**
   * Token units of {@code asset} on {@code chainId} credited to {@code owner} and not yet proven.
   */
  BigInteger provisional(Address owner, long chainId, String asset);

  /** Nothing is ever provisional: settlement is off. */
  ProvisionalCredits NONE = (owner, chainId, asset) -> BigInteger.ZERO;
}
