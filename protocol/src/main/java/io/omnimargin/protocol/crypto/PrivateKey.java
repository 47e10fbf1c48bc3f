package io.omnimargin.protocol.crypto;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Hex;
import java.math.BigInteger;
import org.web3j.crypto.ECKeyPair;

/** A secp256k1 private key with its address. {@link #toString()} never prints the secret. */
public final class PrivateKey {
  private final ECKeyPair pair;
  private final Address address;

  private PrivateKey(ECKeyPair pair) {
    this.pair = pair;
    this.address = Address.fromPublicKey(Unsigned.toBytes(pair.getPublicKey(), 64), 0);
  }

  public static PrivateKey of(BigInteger secret) {
    if (secret.signum() <= 0 || secret.compareTo(Signature.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("private key out of range");
    }
    return new PrivateKey(ECKeyPair.create(secret));
  }

  /** From {@code 0x} + 64 hex digits. */
  public static PrivateKey fromHex(String hex) {
    return of(new BigInteger(1, Hex.decode(hex, 32)));
  }

  public Address address() {
    return address;
  }

  /** Signs a 32-byte digest with the fastest available signer (low-s, deterministic RFC 6979). */
  public Signature sign(byte[] digest) {
    return Signers.best().sign(digest, this);
  }

  ECKeyPair keyPair() {
    return pair;
  }

  byte[] secretBytes() {
    return Unsigned.toBytes(pair.getPrivateKey(), 32);
  }

  @Override
  public String toString() {
    return "PrivateKey[" + address + "]";
  }
}
