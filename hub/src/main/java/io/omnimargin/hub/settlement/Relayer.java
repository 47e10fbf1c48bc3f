package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.settlement.release.VaultAuthorization;

/**
 * Sends a hub-signed authorisation to its vault and waits for it to be mined. The relayer only pays
 * gas: the vault checks the hub's signature.
 */
@FunctionalInterface
public interface Relayer {

  /**
   * @return the transaction hash
   * @throws RuntimeException when the vault refuses (reverts) or the chain cannot be reached
   */
  String submit(VaultAuthorization authorization, Signature signature);
}
