package io.omnimargin.protocol.crypto;

import org.web3j.crypto.Sign;

/** web3j's deterministic (RFC 6979) signer; it already canonicalises s to the lower half. */
final class JavaSigner implements Signer {
  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    Sign.SignatureData data = Sign.signMessage(digest, key.keyPair(), false);
    byte[] compact = new byte[64];
    System.arraycopy(data.getR(), 0, compact, 0, 32);
    System.arraycopy(data.getS(), 0, compact, 32, 32);
    return Signature.of(compact, data.getV()[0] - 27);
  }
}
