package io.omnimargin.solver;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A hub stand-in per test, a recording solver, and an SDK client connected to the one through the
 * other with the real {@link SolverClient#connect(java.net.URI, PrivateKey, Solver)}.
 */
abstract class StandInTest {
  static final PrivateKey KEY = PrivateKey.fromHex("0x" + "a1".repeat(32));
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final BigInteger SIZE = WAD.multiply(BigInteger.TWO);
  static final BigInteger LIMIT = WAD.multiply(BigInteger.valueOf(3000));
  static final BigInteger MAX_FEE = WAD;
  static final BigInteger PRICE = new BigInteger("2995500000000000000000");
  static final BigInteger FEE = new BigInteger("100000000000000000");
  static final long FILL_DEADLINE = 1_900_000_000L;
  static final String TX = "0x" + "ab".repeat(32);

  HubStandIn hub;
  final RecordingSolver solver = new RecordingSolver();
  SolverClient client;
  HubStandIn.Registration registration;
  HubStandIn.Hello hello;

  @BeforeEach
  void startHub() {
    hub = HubStandIn.start(KEY);
  }

  @AfterEach
  void stopAll() {
    if (client != null) {
      client.close();
    }
    hub.close();
  }

  /** Connects the solver and waits until the stand-in has welcomed its session. */
  void connect() {
    client = SolverClient.connect(hub.uri(), KEY, solver);
    registration = hub.nextRegistration();
    hub.nextUpgradeNanos();
    hello = hub.nextHello();
  }

  static OrderId order(int n) {
    return OrderId.parse(String.format("0x%064x", n));
  }

  /** A buy auction of 2 ETH-PERP, limit 3,000, max fee 1, closing a second from now. */
  static HubStandIn.Event auction(int n) {
    return HubStandIn.Event.auction(
        order(n),
        "ETH-PERP",
        true,
        SIZE,
        LIMIT,
        MAX_FEE,
        System.currentTimeMillis() + 1_000,
        FILL_DEADLINE);
  }
}
