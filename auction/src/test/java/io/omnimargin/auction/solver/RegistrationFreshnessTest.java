package io.omnimargin.auction.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A registration is fresh (its {@code issuedAt} within the window of the hub's clock) and newer
 * than the last one the solver made: an old signed registration cannot be replayed, say to set the
 * name back.
 */
class RegistrationFreshnessTest {
  private static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  private static final PrivateKey SOLVER = PrivateKey.of(BigInteger.valueOf(4242));
  private static final long NOW = 1_800_000_000L;

  private final AtomicLong now = new AtomicLong(NOW);
  private final SolverRegistry registry =
      new SolverRegistry(
          Map.of(SOLVER.address(), BigInteger.ONE), 1200, 20, Duration.ofMinutes(5), now::get);

  private SolverRegistry.Registered register(String name, long issuedAt)
      throws SolverRegistry.RegistrationRefused {
    SolverRegistration r = new SolverRegistration(SOLVER.address(), name, issuedAt);
    return registry.register(
        r, SOLVER.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
  }

  @Test
  void aFreshNewerRegistrationIsAcceptedAndAReplayIsNot() throws Exception {
    assertThat(register("first", NOW).name()).isEqualTo("first");
    assertThat(register("second", NOW + 1).name()).isEqualTo("second");

    assertThatThrownBy(() -> register("first", NOW))
        .isInstanceOf(SolverRegistry.RegistrationRefused.class)
        .hasMessageContaining("not after");
    assertThatThrownBy(() -> register("second", NOW + 1))
        .isInstanceOf(SolverRegistry.RegistrationRefused.class)
        .hasMessageContaining("not after");
    assertThat(registry.registered()).containsExactly(SOLVER.address());
  }

  @Test
  void anIssuedAtOutsideTheWindowIsRefused() throws Exception {
    for (long issuedAt : new long[] {1, NOW - 301, NOW + 301, Long.MAX_VALUE, 0xffff_ffff_ffffL}) {
      assertThatThrownBy(() -> register("x", issuedAt))
          .isInstanceOf(SolverRegistry.RegistrationRefused.class)
          .hasMessageContaining("hub's clock");
    }
    assertThat(registry.registered()).isEmpty();
    register("edge", NOW - 300);
    register("edge", NOW + 300);
  }

  @Test
  void theWindowMovesWithTheClock() throws Exception {
    register("a", NOW);
    now.addAndGet(3600);
    assertThatThrownBy(() -> register("b", NOW + 1)).hasMessageContaining("hub's clock");
    assertThat(register("b", NOW + 3600).name()).isEqualTo("b");
  }
}
