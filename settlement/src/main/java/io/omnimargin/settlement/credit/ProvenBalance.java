package io.omnimargin.settlement.credit;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.math.BigInteger;

/**
 * The proven {@code locked[account][token]} of a vault at a block. It is a balance, not a delta:
 * applying it twice changes nothing, which is what makes a crash between crediting and recording
 * harmless.
 */
public record ProvenBalance(
    long chainId,
    Address vault,
    Address account,
    Address token,
    BigInteger amount,
    long blockNumber,
    Bytes32 blockHash,
    String cause,
    java.util.List<String> settles) {

  /** The event keys this balance settles (deposits, releases, seizures of this line). */
  public ProvenBalance {
    settles = java.util.List.copyOf(settles);
  }
}
