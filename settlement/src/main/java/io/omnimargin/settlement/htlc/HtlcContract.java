package io.omnimargin.settlement.htlc;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.settlement.chain.EvmChain;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives one {@code HtlcSwap} contract: open a lock for a receiver, claim it with the preimage
 * before the time lock, refund it after. The atomic-swap settlement method: no messaging at all,
 * only the hash and the clocks of the two chains.
 */
public final class HtlcContract {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);
  static final Bytes32 CLAIMED_TOPIC = Bytes32.wrap(Keccak.hash("Claimed(bytes32,bytes32)"));

  private final EvmChain chain;
  private final Address contract;

  public HtlcContract(EvmChain chain, Address contract) {
    this.chain = chain;
    this.contract = contract;
  }

  /** The lock's id as the contract derives it: keccak256(abi.encode(all six terms)). */
  public static Bytes32 lockId(
      Address sender,
      Address receiver,
      Address token,
      BigInteger amount,
      Bytes32 hashLock,
      long timeLock) {
    byte[] buf = new byte[6 * 32];
    Bytes32.leftPad(sender.toArray()).copyTo(buf, 0);
    Bytes32.leftPad(receiver.toArray()).copyTo(buf, 32);
    Bytes32.leftPad(token.toArray()).copyTo(buf, 64);
    Bytes32.leftPad(unsigned(amount)).copyTo(buf, 96);
    hashLock.copyTo(buf, 128);
    Bytes32.leftPad(unsigned(BigInteger.valueOf(timeLock))).copyTo(buf, 160);
    return Bytes32.wrap(Keccak.hash(buf));
  }

  /** Locks native coin for {@code receiver} until {@code timeLock} (unix seconds). */
  public Bytes32 openNative(
      Credentials sender, Address receiver, BigInteger amount, Bytes32 hashLock, long timeLock) {
    send(
        sender,
        "open",
        amount,
        new org.web3j.abi.datatypes.Address(receiver.toLowerHex()),
        new org.web3j.abi.datatypes.Address(Address.wrap(new byte[20]).toLowerHex()),
        new Uint256(amount),
        new org.web3j.abi.datatypes.generated.Bytes32(hashLock.toArray()),
        new Uint64(timeLock));
    return lockId(
        Address.parse(sender.getAddress()),
        receiver,
        Address.wrap(new byte[20]),
        amount,
        hashLock,
        timeLock);
  }

  public TransactionReceipt claim(Credentials caller, Bytes32 lockId, Bytes32 preimage) {
    return send(
        caller,
        "claim",
        BigInteger.ZERO,
        new org.web3j.abi.datatypes.generated.Bytes32(lockId.toArray()),
        new org.web3j.abi.datatypes.generated.Bytes32(preimage.toArray()));
  }

  public TransactionReceipt refund(Credentials caller, Bytes32 lockId) {
    return send(
        caller,
        "refund",
        BigInteger.ZERO,
        new org.web3j.abi.datatypes.generated.Bytes32(lockId.toArray()));
  }

  /**
   * The preimage revealed by a claim of {@code lockId}, read from the contract's {@code Claimed}
   * log: how the other side of a swap learns the secret it needs for its own claim.
   */
  public Optional<Bytes32> revealedPreimage(Bytes32 lockId, long fromBlock) {
    for (Object r :
        chain.logs(
            contract.toChecksumHex(), CLAIMED_TOPIC.toHex(), fromBlock, chain.blockNumber())) {
      Log log = (Log) ((EthLog.LogResult<?>) r).get();
      if (log.getTopics().size() == 2 && Bytes32.fromHex(log.getTopics().get(1)).equals(lockId)) {
        return Optional.of(Bytes32.wrap(Hex.decode(log.getData(), 32)));
      }
    }
    return Optional.empty();
  }

  private TransactionReceipt send(
      Credentials from, String name, BigInteger value, Type<?>... args) {
    String data = FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    return chain.transact(from, contract.toChecksumHex(), data, value, GAS);
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
