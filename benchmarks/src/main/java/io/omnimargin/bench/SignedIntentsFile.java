package io.omnimargin.bench;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.testsupport.SignedOrders;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes distinct, validly signed intent submissions, one JSON body per line, for the load test
 * ({@code benchmarks/run-intake-load.sh} feeds them to wrk). Signing happens here, before the clock
 * starts, so the load run measures only the service.
 *
 * <p>Arguments: {@code out=FILE count=150000 users=8000 chainId=42161 settler=0x3c4D…}. Users are
 * spread so that no user exceeds the default per-user rate or open-intent cap.
 */
public final class SignedIntentsFile {
  private SignedIntentsFile() {}

  /** The key of user {@code u} (what {@link IntakeSetup} funds). */
  static PrivateKey user(int u) {
    return PrivateKey.of(BigInteger.valueOf(0xb00_000L + u));
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = BenchArgs.parse(args);
    Path out = Path.of(opts.getOrDefault("out", "intents.jsonl"));
    int count = Integer.parseInt(opts.getOrDefault("count", "150000"));
    int users = Integer.parseInt(opts.getOrDefault("users", "8000"));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(Long.parseLong(opts.getOrDefault("chainId", "42161"))),
            Address.parse(
                opts.getOrDefault("settler", "0x3c4D141609BA0d386068E9dC6bCadfceF21aa741")));
    SignedOrders signer = new SignedOrders(domain);

    PrivateKey[] keys = new PrivateKey[users];
    for (int u = 0; u < users; u++) {
      keys[u] = user(u);
    }
    long openDeadline = System.currentTimeMillis() / 1000 + 3600;
    long nonceBase = System.nanoTime(); // distinct from earlier files sent to the same store
    try (BufferedWriter writer = Files.newBufferedWriter(out)) {
      for (int i = 0; i < count; i++) {
        writer.write(
            signer
                .signed(keys[i % users], nonceBase + i, openDeadline, SignedOrders.buyOneEth())
                .body());
        writer.write('\n');
      }
    }
    System.out.printf("wrote %d signed intents of %d users to %s%n", count, users, out);
  }
}
