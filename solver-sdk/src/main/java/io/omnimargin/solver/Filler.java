package io.omnimargin.solver;

import java.math.BigInteger;

/** Reports the fill of an award, signed by the solver's key. */
public interface Filler {
  /**
   * @param venueChainId chain on which the trade executed
   * @param transactionHash its transaction, 32 bytes hex
   * @param size filled size, 18 decimals; must be the order's size
   * @param price fill price, 18 decimals; no worse for the user than the bid
   * @throws SolverException when the hub refuses the report (e.g. {@code not-the-winner})
   */
  void reportFill(long venueChainId, String transactionHash, BigInteger size, BigInteger price);
}
