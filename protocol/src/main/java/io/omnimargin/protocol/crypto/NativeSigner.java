package io.omnimargin.protocol.crypto;

import fr.acinq.secp256k1.Secp256k1;

/**
 * libsecp256k1 signing. The binding returns only r ‖ s (already low-s), so the recovery id is found
 * by recovering with id 0 and comparing to the key's address.
 */
final class NativeSigner implements Signer {
  private final Secp256k1 secp = Secp256k1.get();
  private final NativeRecovery recovery = new NativeRecovery(secp);

  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    byte[] compact = secp.sign(digest, key.secretBytes(), null); // null: pure RFC 6979 nonce
    Signature first = Signature.of(compact, 0);
    return recovery.recover(digest, first).equals(key.address()) ? first : Signature.of(compact, 1);
  }
}
