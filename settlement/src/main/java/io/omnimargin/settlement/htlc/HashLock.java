package io.omnimargin.settlement.htlc;

import io.omnimargin.protocol.types.Bytes32;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A secret and its SHA-256 lock (SHA-256, as Bitcoin-style HTLCs use, so both legs can share it).
 */
public record HashLock(Bytes32 preimage, Bytes32 lock) {

  /** A fresh random secret. */
  public static HashLock random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return of(Bytes32.wrap(secret));
  }

  public static HashLock of(Bytes32 preimage) {
    return new HashLock(preimage, sha256(preimage));
  }

  public static Bytes32 sha256(Bytes32 preimage) {
    try {
      return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(preimage.toArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
