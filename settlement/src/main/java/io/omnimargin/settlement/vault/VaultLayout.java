package io.omnimargin.settlement.vault;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;

/**
 * Where {@code OmnimarginVault} keeps what the hub proves (../shared/spec/settlement.md): {@code
 * locked[account][token]} at slot 0, the deposit counter at slot 1.
 */
public final class VaultLayout {
  /** Slot of {@code uint256 depositNonce}. */
  public static final Bytes32 DEPOSIT_NONCE_SLOT = Bytes32.leftPad(new byte[] {1});

  /** {@code Locked(address indexed account, address indexed token, uint256, uint256 indexed)}. */
  public static final Bytes32 LOCKED_TOPIC =
      Bytes32.wrap(Keccak.hash("Locked(address,address,uint256,uint256)"));

  /** {@code Released(bytes32 indexed, address indexed account, address, uint256, address)}. */
  public static final Bytes32 RELEASED_TOPIC =
      Bytes32.wrap(Keccak.hash("Released(bytes32,address,address,uint256,address)"));

  /** {@code Seized(bytes32 indexed, address indexed account, address, uint256, address)}. */
  public static final Bytes32 SEIZED_TOPIC =
      Bytes32.wrap(Keccak.hash("Seized(bytes32,address,address,uint256,address)"));

  private VaultLayout() {}

  /** {@code keccak256(pad32(token) ‖ keccak256(pad32(account) ‖ pad32(0)))}. */
  public static Bytes32 lockedSlot(Address account, Address token) {
    byte[] inner = new byte[64];
    System.arraycopy(Bytes32.leftPad(account.toArray()).toArray(), 0, inner, 0, 32);
    byte[] outer = new byte[64];
    System.arraycopy(Bytes32.leftPad(token.toArray()).toArray(), 0, outer, 0, 32);
    System.arraycopy(Keccak.hash(inner), 0, outer, 32, 32);
    return Bytes32.wrap(Keccak.hash(outer));
  }
}
