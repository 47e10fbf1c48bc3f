package io.omnimargin.settlement.testkit;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.chain.ContractArtifact;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A vault and a USDC-like token (6 decimals) deployed on a local chain, with the calls a trader
 * makes. The deployer is anvil's first dev account; {@code hub} signs releases and seizures.
 */
public final class LocalVault {
  public static final BigInteger GAS = BigInteger.valueOf(500_000);

  /** The node when this process started it; null when attached by URL. */
  public final AnvilNode node;

  public final EvmChain chain;
  public final Address vault;
  public final Address usdc;

  private LocalVault(AnvilNode node, EvmChain chain, Address vault, Address usdc) {
    this.node = node;
    this.chain = chain;
    this.vault = vault;
    this.usdc = usdc;
  }

  /** A vault deployed earlier (by a test resource), reached through its node's URL. */
  public static LocalVault attach(String rpcUrl, Address vault, Address usdc) {
    return new LocalVault(null, new EvmChain(rpcUrl), vault, usdc);
  }

  public static LocalVault deploy(AnvilNode node, Address hub) {
    EvmChain chain = new EvmChain(node.rpcUrl());
    Credentials deployer = Credentials.create(AnvilNode.DEV_KEY);
    String vault =
        chain.deploy(
            deployer,
            ContractArtifact.VAULT,
            FunctionEncoder.encodeConstructor(
                List.of(new org.web3j.abi.datatypes.Address(hub.toLowerHex()))));
    String usdc =
        chain.deploy(
            deployer,
            ContractArtifact.TEST_TOKEN,
            FunctionEncoder.encodeConstructor(
                List.of(new Utf8String("USD Coin"), new Utf8String("USDC"), new Uint8(6))));
    return new LocalVault(node, chain, Address.parse(vault), Address.parse(usdc));
  }

  /** Locks native coin for {@code trader}. */
  public TransactionReceipt depositNative(Credentials trader, BigInteger wei) {
    return chain.transact(trader, vault.toChecksumHex(), encode("depositNative"), wei, GAS);
  }

  /** Mints, approves and locks USDC (smallest units) for {@code trader}. */
  public TransactionReceipt depositUsdc(Credentials trader, BigInteger units) {
    chain.transact(
        trader,
        usdc.toChecksumHex(),
        encode(
            "mint", new org.web3j.abi.datatypes.Address(trader.getAddress()), new Uint256(units)),
        BigInteger.ZERO,
        GAS);
    chain.transact(
        trader,
        usdc.toChecksumHex(),
        encode(
            "approve", new org.web3j.abi.datatypes.Address(vault.toLowerHex()), new Uint256(units)),
        BigInteger.ZERO,
        GAS);
    return chain.transact(
        trader,
        vault.toChecksumHex(),
        encode(
            "deposit", new org.web3j.abi.datatypes.Address(usdc.toLowerHex()), new Uint256(units)),
        BigInteger.ZERO,
        GAS);
  }

  public static String encode(String name, org.web3j.abi.datatypes.Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }
}
