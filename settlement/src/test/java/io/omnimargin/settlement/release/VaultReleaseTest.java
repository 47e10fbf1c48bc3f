package io.omnimargin.settlement.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.RpcBlockHashSource;
import io.omnimargin.settlement.chain.ChainException;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.credit.InMemorySettlementJournal;
import io.omnimargin.settlement.credit.ProvenBalance;
import io.omnimargin.settlement.credit.StepReport;
import io.omnimargin.settlement.credit.VaultSettler;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * Withdrawal release and liquidation seizure on a real vault: signed by the hub's settlement key,
 * submitted by a relayer, single use; the vault's event is then proven and the line closes at the
 * proven lower balance.
 */
class VaultReleaseTest {
  static final PrivateKey HUB = PrivateKey.fromHex("0x" + "11".repeat(32));
  static final PrivateKey NOT_HUB = PrivateKey.fromHex("0x" + "22".repeat(32));
  static final Credentials TRADER = Credentials.create(AnvilNode.SECOND_KEY);
  static final Credentials RELAYER = Credentials.create(AnvilNode.DEV_KEY);
  static final Address NATIVE = Address.wrap(new byte[20]);
  static final Address INSURANCE = Address.parse("0x00000000000000000000000000000000000fee01");
  static final BigInteger ETH = BigInteger.TEN.pow(18);

  static AnvilNode node;

  @BeforeAll
  static void start() {
    node = AnvilNode.start(1);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aSignedReleasePaysOutOnceAndItsProofClosesTheLine() throws Exception {
    LocalVault v = LocalVault.deploy(node, HUB.address());
    Address trader = Address.parse(TRADER.getAddress());
    Address recipient = Address.parse("0x00000000000000000000000000000000000abc01");
    List<ProvenBalance> proven = new ArrayList<>();
    EvmChain client = new EvmChain(node.rpcUrl());
    VaultSettler settler =
        new VaultSettler(
            v.chain,
            1,
            v.vault,
            new Attestor(1, 1, List.of(new RpcBlockHashSource("rpc", client, 1)), e -> {}),
            new InMemorySettlementJournal(),
            proven::add,
            0);
    v.depositNative(TRADER, ETH.multiply(BigInteger.valueOf(3)));
    node.mine(1);
    assertThat(settler.step().applied()).hasSize(1);
    assertThat(proven)
        .last()
        .satisfies(b -> assertThat(b.amount()).isEqualTo(ETH.multiply(BigInteger.valueOf(3))));

    VaultRelayer relayer = new VaultRelayer(v.chain, RELAYER);
    Bytes32 withdrawalId = Bytes32.wrap(Keccak.hash("withdrawal-1"));
    VaultAuthorization release =
        new VaultAuthorization(
            VaultAuthorization.Kind.RELEASE,
            1,
            v.vault,
            withdrawalId,
            trader,
            NATIVE,
            ETH,
            recipient);

    // signed by anyone but the hub: the vault refuses
    assertThatThrownBy(() -> relayer.submit(release, release.sign(NOT_HUB)))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("reverted");

    relayer.submit(release, release.sign(HUB));
    assertThat(balance(recipient)).isEqualTo(ETH);
    // the same authorisation twice: refused, nothing paid
    assertThatThrownBy(() -> relayer.submit(release, release.sign(HUB)))
        .isInstanceOf(ChainException.class);
    assertThat(balance(recipient)).isEqualTo(ETH);

    node.mine(1);
    StepReport afterRelease = settler.step();
    assertThat(afterRelease.applied())
        .containsExactly("1/" + v.vault.toLowerHex() + "/release/" + withdrawalId.toHex());
    assertThat(proven)
        .last()
        .satisfies(b -> assertThat(b.amount()).isEqualTo(ETH.multiply(BigInteger.TWO)));

    // a seizure for more than is locked is refused; the exact amount goes to the insurance fund
    Bytes32 liquidationId = Bytes32.wrap(Keccak.hash("liquidation-1"));
    VaultAuthorization tooMuch =
        new VaultAuthorization(
            VaultAuthorization.Kind.SEIZE,
            1,
            v.vault,
            liquidationId,
            trader,
            NATIVE,
            ETH.multiply(BigInteger.TEN),
            INSURANCE);
    assertThatThrownBy(() -> relayer.submit(tooMuch, tooMuch.sign(HUB)))
        .isInstanceOf(ChainException.class);
    VaultAuthorization seize =
        new VaultAuthorization(
            VaultAuthorization.Kind.SEIZE,
            1,
            v.vault,
            liquidationId,
            trader,
            NATIVE,
            ETH.multiply(BigInteger.TWO),
            INSURANCE);
    relayer.submit(seize, seize.sign(HUB));
    assertThat(balance(INSURANCE)).isEqualTo(ETH.multiply(BigInteger.TWO));
    node.mine(1);
    StepReport afterSeizure = settler.step();
    assertThat(afterSeizure.applied())
        .as(afterSeizure.toString())
        .containsExactly("1/" + v.vault.toLowerHex() + "/seize/" + liquidationId.toHex());
    assertThat(proven).last().satisfies(b -> assertThat(b.amount()).isZero());
  }

  static BigInteger balance(Address a) throws Exception {
    Web3j web3 = Web3j.build(new HttpService(node.rpcUrl()));
    try {
      return web3.ethGetBalance(a.toChecksumHex(), DefaultBlockParameterName.LATEST)
          .send()
          .getBalance();
    } finally {
      web3.shutdown();
    }
  }
}
