package io.omnimargin.protocol.crypto;

/** Produces low-s, recoverable signatures over 32-byte digests. */
interface Signer {
  Signature sign(byte[] digest, PrivateKey key);
}
