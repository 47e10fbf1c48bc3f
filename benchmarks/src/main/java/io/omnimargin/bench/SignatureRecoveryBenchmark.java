package io.omnimargin.bench;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signature recovery, native libsecp256k1 against pure-Java web3j, and the whole per-intent crypto
 * cost (order id digest + recovery). Run: see README "Performance".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureRecoveryBenchmark {
  private static final int KEYS = 64;

  @Param({"native", "java"})
  public String impl;

  private SignatureRecovery recovery;
  private final GaslessCrossChainOrder[] orders = new GaslessCrossChainOrder[KEYS];
  private final byte[][] digests = new byte[KEYS][];
  private final Signature[] signatures = new Signature[KEYS];
  private final Eip712Domain domain =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  private final SignedOrders signer = new SignedOrders(domain);
  private int next;

  @Setup
  public void setUp() {
    recovery =
        impl.equals("native") ? Secp256k1Provider.recovery() : Secp256k1Provider.javaRecovery();
    if (impl.equals("native") && !recovery.isNative()) {
      throw new IllegalStateException("native libsecp256k1 is not available on this machine");
    }
    for (int i = 0; i < KEYS; i++) {
      PrivateKey key = PrivateKey.of(BigInteger.valueOf(977L * i + 13));
      orders[i] = signer.order(key, i, 1_900_000_000L, SignedOrders.buyOneEth());
      digests[i] = orders[i].id(domain).value().toArray();
      signatures[i] = key.sign(digests[i]);
    }
  }

  /** Recovery alone. */
  @Benchmark
  public Address recover() {
    int i = next++ & (KEYS - 1);
    return recovery.recover(digests[i], signatures[i]);
  }

  /** What intake pays per intent: hash the order to its id, then recover the signer. */
  @Benchmark
  public Address hashAndRecover() {
    int i = next++ & (KEYS - 1);
    byte[] digest = orders[i].id(domain).value().toArray();
    return recovery.recover(digest, signatures[i]);
  }
}
