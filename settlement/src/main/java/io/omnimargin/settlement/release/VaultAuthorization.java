package io.omnimargin.settlement.release;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import java.math.BigInteger;

/**
 * A single-use order to a vault, signed by the hub's settlement key under the vault's own EIP-712
 * domain ({@code OmnimarginVault}, version 1, the source chain, the vault): a withdrawal release or
 * a liquidation seizure. The vault refuses a second use of the same id.
 *
 * <pre>
 * Release(bytes32 withdrawalId,address account,address token,uint256 amount,address recipient)
 * Seize(bytes32 liquidationId,address account,address token,uint256 amount,address recipient)
 * </pre>
 */
public record VaultAuthorization(
    Kind kind,
    long chainId,
    Address vault,
    Bytes32 id,
    Address account,
    Address token,
    BigInteger amount,
    Address recipient) {

  public enum Kind {
    RELEASE(
        "release",
        "Release(bytes32 withdrawalId,address account,address token,uint256 amount,address recipient)"),
    SEIZE(
        "seize",
        "Seize(bytes32 liquidationId,address account,address token,uint256 amount,address recipient)");

    final String function;
    final Bytes32 typeHash;

    Kind(String function, String type) {
      this.function = function;
      this.typeHash = Bytes32.wrap(Keccak.hash(type));
    }

    public String function() {
      return function;
    }
  }

  public VaultAuthorization {
    if (amount.signum() <= 0 || amount.bitLength() > 256) {
      throw new IllegalArgumentException("amount must be a positive uint256");
    }
  }

  public static Eip712Domain domain(long chainId, Address vault) {
    return new Eip712Domain("OmnimarginVault", "1", ChainId.of(chainId), vault);
  }

  public Bytes32 structHash() {
    byte[] buf = new byte[6 * 32];
    kind.typeHash.copyTo(buf, 0);
    id.copyTo(buf, 32);
    Bytes32.leftPad(account.toArray()).copyTo(buf, 64);
    Bytes32.leftPad(token.toArray()).copyTo(buf, 96);
    Bytes32.leftPad(toBytes(amount)).copyTo(buf, 128);
    Bytes32.leftPad(recipient.toArray()).copyTo(buf, 160);
    return Bytes32.wrap(Keccak.hash(buf));
  }

  public byte[] digest() {
    return domain(chainId, vault).digest(structHash());
  }

  /** Signs with the hub's settlement key; the vault checks the signer is its {@code hub}. */
  public Signature sign(PrivateKey hub) {
    return hub.sign(digest());
  }

  private static byte[] toBytes(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length == 33 ? java.util.Arrays.copyOfRange(b, 1, 33) : b;
  }
}
