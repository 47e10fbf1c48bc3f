package io.omnimargin.settlement.htlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.chain.ChainException;
import io.omnimargin.settlement.chain.ContractArtifact;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * The atomic-swap method on two real chains: Alice locks on chain 1 for Bob, Bob locks on chain 137
 * for Alice under the same hash with a shorter time lock; Alice claims on 137 and so reveals the
 * secret, which Bob reads from the log and uses on chain 1. And the other ending: nobody claims,
 * and after the time lock each takes their coins back.
 */
class AtomicSwapTest {
  static final Credentials ALICE = Credentials.create(AnvilNode.DEV_KEY);
  static final Credentials BOB = Credentials.create(AnvilNode.SECOND_KEY);
  static final Address ALICE_ADDRESS = Address.parse(ALICE.getAddress());
  static final Address BOB_ADDRESS = Address.parse(BOB.getAddress());
  static final BigInteger ONE = BigInteger.TEN.pow(18);

  static AnvilNode ethereum;
  static AnvilNode polygon;
  static EvmChain chainA;
  static EvmChain chainB;

  @BeforeAll
  static void start() {
    ethereum = AnvilNode.start(1);
    polygon = AnvilNode.start(137);
    chainA = new EvmChain(ethereum.rpcUrl());
    chainB = new EvmChain(polygon.rpcUrl());
  }

  @AfterAll
  static void stop() {
    ethereum.close();
    polygon.close();
  }

  static HtlcContract deploy(EvmChain chain) {
    return new HtlcContract(chain, Address.parse(chain.deploy(ALICE, ContractArtifact.HTLC, "")));
  }

  static long now(AnvilNode node) {
    String ts =
        AnvilNode.call(node.rpcUrl(), "eth_getBlockByNumber", "[\"latest\",false]")
            .replaceAll(".*\"timestamp\":\"(0x[0-9a-f]+)\".*", "$1")
            .trim();
    return Long.decode(ts);
  }

  static BigInteger balance(AnvilNode node, Address a) {
    String hex =
        AnvilNode.call(
                node.rpcUrl(), "eth_getBalance", "[\"" + a.toChecksumHex() + "\",\"latest\"]")
            .replaceAll(".*\"result\":\"0x([0-9a-f]+)\".*", "$1")
            .trim();
    return new BigInteger(hex, 16);
  }

  @Test
  void bothLegsCompleteWithOneSecret() {
    HtlcContract onA = deploy(chainA);
    HtlcContract onB = deploy(chainB);
    HashLock secret = HashLock.random();
    long tA = now(ethereum) + 7200;
    long tB = now(polygon) + 3600; // shorter: Bob must be able to claim after Alice reveals
    long fromB = chainB.blockNumber();

    Bytes32 lockA = onA.openNative(ALICE, BOB_ADDRESS, ONE, secret.lock(), tA);
    Bytes32 lockB =
        onB.openNative(BOB, ALICE_ADDRESS, ONE.multiply(BigInteger.TWO), secret.lock(), tB);

    assertThatThrownBy(() -> onB.claim(ALICE, lockB, HashLock.random().preimage()))
        .isInstanceOf(ChainException.class); // a wrong secret opens nothing
    BigInteger aliceOnB = balance(polygon, ALICE_ADDRESS);
    onB.claim(BOB, lockB, secret.preimage()); // anyone may submit; the coins go to the receiver
    assertThat(balance(polygon, ALICE_ADDRESS))
        .isEqualTo(aliceOnB.add(ONE.multiply(BigInteger.TWO)));

    Bytes32 learned = onB.revealedPreimage(lockB, fromB).orElseThrow();
    assertThat(learned).isEqualTo(secret.preimage());
    BigInteger bobOnA = balance(ethereum, BOB_ADDRESS);
    onA.claim(ALICE, lockA, learned);
    assertThat(balance(ethereum, BOB_ADDRESS)).isEqualTo(bobOnA.add(ONE));

    assertThatThrownBy(() -> onA.claim(ALICE, lockA, learned)).isInstanceOf(ChainException.class);
    assertThatThrownBy(() -> onA.refund(ALICE, lockA)).isInstanceOf(ChainException.class);
  }

  @Test
  void anUnclaimedLockIsRefundedOnlyAfterItsTimeLock() {
    HtlcContract onA = deploy(chainA);
    HashLock secret = HashLock.random();
    long t = now(ethereum) + 600;
    Bytes32 lock = onA.openNative(ALICE, BOB_ADDRESS, ONE, secret.lock(), t);

    assertThatThrownBy(() -> onA.refund(ALICE, lock)).isInstanceOf(ChainException.class);
    ethereum.rpc("evm_increaseTime", "[601]");
    ethereum.mine(1);
    assertThatThrownBy(() -> onA.claim(BOB, lock, secret.preimage()))
        .isInstanceOf(ChainException.class); // too late for the receiver
    BigInteger aliceBefore = balance(ethereum, ALICE_ADDRESS);
    onA.refund(BOB, lock); // anyone may trigger it (Bob pays the gas); the coins go to the sender
    assertThat(balance(ethereum, ALICE_ADDRESS)).isEqualTo(aliceBefore.add(ONE));
    assertThatThrownBy(() -> onA.refund(BOB, lock)).isInstanceOf(ChainException.class);
  }
}
