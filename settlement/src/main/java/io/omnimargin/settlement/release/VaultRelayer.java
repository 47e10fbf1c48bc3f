package io.omnimargin.settlement.release;

import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.settlement.chain.EvmChain;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Submits signed authorisations to a vault. The relayer only pays gas: it cannot change what the
 * hub signed, and the vault, not the relayer, decides whether the signature holds.
 */
public final class VaultRelayer {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);
  private final EvmChain chain;
  private final Credentials relayer;

  public VaultRelayer(EvmChain chain, Credentials relayer) {
    this.chain = chain;
    this.relayer = relayer;
  }

  /** Sends the transaction and waits for its receipt; a revert is a {@code ChainException}. */
  public TransactionReceipt submit(VaultAuthorization auth, Signature signature) {
    Function call =
        new Function(
            auth.kind().function(),
            List.of(
                new Bytes32(auth.id().toArray()),
                new Address(auth.account().toLowerHex()),
                new Address(auth.token().toLowerHex()),
                new Uint256(auth.amount()),
                new Address(auth.recipient().toLowerHex()),
                new DynamicBytes(Hex.decode(signature.toHex()))),
            List.of());
    return chain.transact(
        relayer, auth.vault().toChecksumHex(), FunctionEncoder.encode(call), BigInteger.ZERO, GAS);
  }
}
