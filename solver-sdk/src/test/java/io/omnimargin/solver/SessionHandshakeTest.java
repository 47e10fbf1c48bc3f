package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.ChainId;
import org.junit.jupiter.api.Test;

/** Registration over HTTP and the session's opening: challenge, signed hello, welcome. */
class SessionHandshakeTest extends StandInTest {

  @Test
  void registersUnderTheDomainTheHubNames() {
    connect();

    assertThat(registration.solver()).isEqualTo(KEY.address());
    assertThat(registration.signer()).isEqualTo(KEY.address());
    assertThat(registration.name()).isEqualTo(KEY.address().toChecksumHex().substring(0, 10));
  }

  @Test
  void answersTheChallengeWithASessionSignatureAndStartsFromNow() {
    hub.publish(auction(1)); // before the session: not for it

    connect();

    assertThat(hello.solver()).isEqualTo(KEY.address());
    assertThat(hello.signer())
        .as("SolverSession(solver, challenge) signer")
        .isEqualTo(KEY.address());
    assertThat(hello.after()).as("a first session starts from now").isEqualTo(-1);

    HubStandIn.Event next = hub.publish(auction(2));
    assertThat(solver.nextAuction().orderId()).isEqualTo(next.id());
    assertThat(client.streaming()).isTrue();
    assertThat(client.lastEvent()).isEqualTo(next.seq());
  }

  @Test
  void aKeyOffTheAllowListFailsToConnectWithTheHubsCode() {
    PrivateKey stranger = PrivateKey.fromHex("0x" + "b2".repeat(32));

    assertThatThrownBy(() -> SolverClient.connect(hub.uri(), stranger, solver))
        .isInstanceOfSatisfying(
            SolverException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("registration-refused");
            });
  }

  @Test
  void aSolverGivenAnotherDomainIsRefusedItsRegistration() {
    Eip712Domain elsewhere =
        Eip712Domain.omnimargin(ChainId.of(42161), HubStandIn.DOMAIN.verifyingContract());

    assertThatThrownBy(() -> SolverClient.connect(hub.uri(), KEY, elsewhere, "maker", solver))
        .isInstanceOfSatisfying(
            SolverException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("bad-signature");
            });
    assertThat(hub.nextRegistration().signer()).isNotEqualTo(KEY.address());
  }
}
