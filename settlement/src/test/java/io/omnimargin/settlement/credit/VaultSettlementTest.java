package io.omnimargin.settlement.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.BlockHashSource;
import io.omnimargin.settlement.attest.RouteHealthEvent;
import io.omnimargin.settlement.attest.RpcBlockHashSource;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.settlement.vault.VaultEvent;
import io.omnimargin.settlement.vault.VaultLayout;
import io.omnimargin.settlement.verify.LineKey;
import io.omnimargin.settlement.verify.SettlementException;
import io.omnimargin.settlement.verify.SettlementFailure;
import io.omnimargin.settlement.verify.VaultProofVerifier;
import io.omnimargin.testsupport.AnvilNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.EthGetProof;

/**
 * Deposits on two real local chains (anvil, chain ids 1 and 137) become proven balances only
 * through k-of-n attested block hashes, header hashes and EIP-1186 proofs; exactly once per deposit
 * nonce, across a restart and a crash between crediting and recording; replayed, reorged, forged
 * and wrong-chain claims are refused.
 */
class VaultSettlementTest {
  static final Address HUB = Address.parse("0x000000000000000000000000000000000000dEaD");
  static final Address NATIVE = Address.wrap(new byte[20]);
  static final Credentials TRADER = Credentials.create(AnvilNode.SECOND_KEY);
  static final Address TRADER_ADDRESS = Address.parse(TRADER.getAddress());
  static final BigInteger ETH = BigInteger.TEN.pow(18);

  static AnvilNode ethereum;
  static AnvilNode polygon;

  /** Fresh vaults per test on the shared chains: nonces start at 1, no test sees another's. */
  static LocalVault vaultA;

  static LocalVault vaultB;

  @TempDir Path dir;

  /** Balances as the margin ledger would hold them: the last proven value per line. */
  final Map<String, BigInteger> ledger = new ConcurrentHashMap<>();

  final List<ProvenBalance> received = new ArrayList<>();
  final List<RouteHealthEvent> health = new ArrayList<>();

  @BeforeAll
  static void chains() {
    ethereum = AnvilNode.start(1);
    polygon = AnvilNode.start(137);
  }

  @BeforeEach
  void vaults() {
    vaultA = LocalVault.deploy(ethereum, HUB);
    vaultB = LocalVault.deploy(polygon, HUB);
  }

  @AfterAll
  static void stop() {
    ethereum.close();
    polygon.close();
  }

  void sink(ProvenBalance b) {
    received.add(b);
    ledger.put(
        b.chainId() + ":" + b.account().toLowerHex() + ":" + b.token().toLowerHex(), b.amount());
  }

  Attestor attestor(LocalVault v, BlockHashSource... extra) {
    List<BlockHashSource> sources = new ArrayList<>();
    sources.add(new RpcBlockHashSource("rpc:a", new EvmChain(v.node.rpcUrl()), 2));
    sources.add(new RpcBlockHashSource("rpc:b", new EvmChain(v.node.rpcUrl()), 2));
    sources.addAll(List.of(extra));
    return new Attestor(v.node.chainId(), 2, sources, health::add);
  }

  VaultSettler settler(LocalVault v, SettlementJournal journal, CollateralSink sink) {
    return new VaultSettler(v.chain, v.node.chainId(), v.vault, attestor(v), journal, sink, 0);
  }

  @Test
  void depositsOnTwoChainsAreCreditedOnceEachAfterProof() throws Exception {
    vaultA.depositNative(TRADER, ETH.multiply(BigInteger.TWO));
    vaultB.depositUsdc(TRADER, BigInteger.valueOf(5_000_000_000L));
    ethereum.mine(2);
    polygon.mine(2);
    Path file = dir.resolve("journal.log");
    FileSettlementJournal journal = new FileSettlementJournal(file);

    StepReport a = settler(vaultA, journal, this::sink).step();
    StepReport b = settler(vaultB, journal, this::sink).step();

    assertThat(a.applied()).containsExactly("1/" + vaultA.vault.toLowerHex() + "/1");
    assertThat(b.applied()).containsExactly("137/" + vaultB.vault.toLowerHex() + "/1");
    assertThat(ledger)
        .containsEntry(
            "1:" + TRADER_ADDRESS.toLowerHex() + ":" + NATIVE.toLowerHex(),
            ETH.multiply(BigInteger.TWO))
        .containsEntry(
            "137:" + TRADER_ADDRESS.toLowerHex() + ":" + vaultB.usdc.toLowerHex(),
            BigInteger.valueOf(5_000_000_000L));

    // the same deposit claimed again (a replayed event) is refused and credits nothing
    List<VaultEvent> seen = events(vaultA, 0, ethereum.blockNumberNow());
    int before = received.size();
    StepReport replay =
        settler(vaultA, journal, this::sink).settle(seen, ethereum.blockNumberNow() - 2);
    assertThat(replay.applied()).isEmpty();
    assertThat(replay.refused()).allMatch(r -> r.endsWith(" replay"));
    assertThat(received).hasSize(before);

    // a second deposit: the line becomes the proven total, not a sum of claims
    vaultA.depositNative(TRADER, ETH);
    ethereum.mine(2);
    assertThat(settler(vaultA, journal, this::sink).step().applied()).hasSize(1);
    assertThat(ledger.get("1:" + TRADER_ADDRESS.toLowerHex() + ":" + NATIVE.toLowerHex()))
        .isEqualTo(ETH.multiply(BigInteger.valueOf(3)));
    journal.close();

    // restart: the journal file brings back cursors and outcomes; nothing is applied twice
    try (FileSettlementJournal reopened = new FileSettlementJournal(file)) {
      int count = received.size();
      assertThat(settler(vaultA, reopened, this::sink).step().applied()).isEmpty();
      assertThat(settler(vaultB, reopened, this::sink).step().applied()).isEmpty();
      StepReport again =
          settler(vaultA, reopened, this::sink)
              .settle(events(vaultA, 0, ethereum.blockNumberNow()), ethereum.blockNumberNow() - 2);
      assertThat(again.applied()).isEmpty();
      assertThat(received).hasSize(count);
    }
  }

  @Test
  void aCrashBetweenCreditAndRecordIsHarmless() {
    vaultB.depositUsdc(TRADER, BigInteger.valueOf(7_000_000L));
    polygon.mine(2);
    SettlementJournal journal = new InMemorySettlementJournal();
    CollateralSink crashing =
        b -> {
          sink(b);
          throw new IllegalStateException("process killed after the ledger write");
        };
    assertThatThrownBy(() -> settler(vaultB, journal, crashing).step())
        .hasMessageContaining("killed");
    String line = "137:" + TRADER_ADDRESS.toLowerHex() + ":" + vaultB.usdc.toLowerHex();
    BigInteger afterCrash = ledger.get(line);

    StepReport retried = settler(vaultB, journal, this::sink).step();
    assertThat(retried.applied()).isNotEmpty();
    assertThat(ledger.get(line))
        .isEqualTo(afterCrash); // the same balance, applied again: no change
    assertThat(settler(vaultB, journal, this::sink).step().applied()).isEmpty();
  }

  @Test
  void adaptersThatDisagreeTakeTheRouteDownAndNothingIsCredited() {
    try (AnvilNode impostor = AnvilNode.start(1)) {
      impostor.mine((int) ethereumHeight() + 5);
      Switchable third =
          new Switchable(new EvmChain(ethereum.rpcUrl()), new EvmChain(impostor.rpcUrl()));
      Attestor attestor = attestor(vaultA, third);
      VaultSettler settler =
          new VaultSettler(
              vaultA.chain,
              1,
              vaultA.vault,
              attestor,
              new InMemorySettlementJournal(),
              this::sink,
              0);
      vaultA.depositNative(TRADER, ETH);
      ethereum.mine(2);

      third.lie = true;
      StepReport report = settler.step();
      assertThat(report.routeLive()).isFalse();
      assertThat(report.note()).isEqualTo(SettlementFailure.ROUTE_NOT_LIVE.code());
      assertThat(report.applied()).isEmpty();
      assertThat(received).isEmpty();
      assertThat(health)
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.chainId()).isEqualTo(1);
                assertThat(h.live()).isFalse();
                assertThat(h.reason()).contains("disagree");
              });

      third.lie = false; // the adapters agree again: the route comes back and the deposit lands
      StepReport recovered = settler.step();
      assertThat(recovered.routeLive()).isTrue();
      assertThat(recovered.applied()).isNotEmpty();
      assertThat(health).last().satisfies(h -> assertThat(h.live()).isTrue());
    }
  }

  @Test
  void aDepositInABlockThatIsReorgedAwayIsNeverCredited() {
    String snapshot =
        ethereum.rpc("evm_snapshot", "[]").replaceAll(".*\"result\":\"([^\"]+)\".*", "$1");
    long from = ethereumHeight() + 1;
    vaultA.depositNative(TRADER, ETH.multiply(BigInteger.TEN));
    List<VaultEvent> claimed = events(vaultA, from, ethereumHeight());
    assertThat(claimed).hasSize(1);
    ethereum.rpc("evm_revert", "[\"" + snapshot + "\"]");
    ethereum.mine(4); // another block at that height, then final

    StepReport report =
        settler(vaultA, new InMemorySettlementJournal(), this::sink)
            .settle(claimed, ethereumHeight() - 2);
    assertThat(report.applied()).isEmpty();
    assertThat(report.refused()).singleElement().asString().endsWith("event-reorged");
    assertThat(received).isEmpty();
  }

  @Test
  void forgedMisdirectedAndWrongChainProofsAreRefusedWithTheirReason() throws Exception {
    vaultA.depositNative(TRADER, ETH);
    vaultB.depositUsdc(TRADER, BigInteger.ONE);
    ethereum.mine(2);
    polygon.mine(2);
    long at = ethereumHeight() - 2;
    Attestation.Attested attested = (Attestation.Attested) attestor(vaultA).attest(at);
    Map<String, Object> header = vaultA.chain.block(at).orElseThrow();
    LineKey line = new LineKey(TRADER_ADDRESS, NATIVE);
    List<String> slots = List.of(VaultLayout.DEPOSIT_NONCE_SLOT.toHex(), line.slot().toHex());
    EthGetProof.Proof real = vaultA.chain.proof(vaultA.vault.toChecksumHex(), slots, at);

    var proven = VaultProofVerifier.verify(attested, header, vaultA.vault, real, List.of(line));
    assertThat(proven.locked().get(line)).isPositive();
    assertThat(proven.depositNonce()).isPositive();

    // a relayer's claimed value is never read: only the proof nodes count
    EthGetProof.Proof inflated =
        withStorage(
            real,
            1,
            sp -> new EthGetProof.StorageProof(sp.getKey(), "0xffffffffffffffff", sp.getProof()));
    assertThat(
            VaultProofVerifier.verify(attested, header, vaultA.vault, inflated, List.of(line))
                .locked()
                .get(line))
        .isEqualTo(proven.locked().get(line));

    refused(
        SettlementFailure.BAD_STORAGE_PROOF,
        attested,
        header,
        withStorage(
            real,
            1,
            sp ->
                new EthGetProof.StorageProof(
                    sp.getKey(), sp.getValue(), flipLastNode(sp.getProof()))),
        line);
    refused(
        SettlementFailure.BAD_ACCOUNT_PROOF,
        attested,
        header,
        withAccountProof(real, flipLastNode(real.getAccountProof())),
        line);
    refused(
        SettlementFailure.PROOF_MISMATCH,
        attested,
        header,
        vaultA.chain.proof(vaultA.usdc.toChecksumHex(), slots, at),
        line);
    refused(
        SettlementFailure.PROOF_MISMATCH,
        attested,
        header,
        vaultA.chain.proof(vaultA.vault.toChecksumHex(), List.of(slots.get(0)), at),
        line);

    // chain 137's header and proof presented for chain 1's attested block
    long atB = polygon.blockNumberNow() - 2;
    Map<String, Object> foreignHeader = vaultB.chain.block(atB).orElseThrow();
    refused(
        SettlementFailure.BAD_HEADER,
        attested,
        foreignHeader,
        vaultB.chain.proof(vaultA.vault.toChecksumHex(), slots, atB),
        line);
  }

  // ---- helpers ------------------------------------------------------------------------------

  static long ethereumHeight() {
    return ethereum.blockNumberNow();
  }

  static List<VaultEvent> events(LocalVault v, long from, long to) {
    List<VaultEvent> out = new ArrayList<>();
    for (Object r : v.chain.logs(v.vault.toChecksumHex(), null, from, to)) {
      out.add(
          VaultEvent.fromLog(
              v.node.chainId(),
              v.vault,
              (org.web3j.protocol.core.methods.response.Log)
                  ((org.web3j.protocol.core.methods.response.EthLog.LogResult<?>) r).get()));
    }
    return out;
  }

  static void refused(
      SettlementFailure expected,
      Attestation.Attested attested,
      Map<String, Object> header,
      EthGetProof.Proof proof,
      LineKey line) {
    assertThatThrownBy(
            () -> VaultProofVerifier.verify(attested, header, vaultA.vault, proof, List.of(line)))
        .isInstanceOfSatisfying(
            SettlementException.class, e -> assertThat(e.failure()).isEqualTo(expected));
  }

  static List<String> flipLastNode(List<String> nodes) {
    List<String> copy = new ArrayList<>(nodes);
    String last = copy.get(copy.size() - 1);
    char c = last.charAt(last.length() - 3);
    copy.set(
        copy.size() - 1,
        last.substring(0, last.length() - 3)
            + (c == 'a' ? 'b' : 'a')
            + last.substring(last.length() - 2));
    return copy;
  }

  static EthGetProof.Proof withAccountProof(EthGetProof.Proof p, List<String> accountProof) {
    return new EthGetProof.Proof(
        p.getAddress(),
        p.getBalanceRaw(),
        p.getCodeHash(),
        p.getNonce(),
        p.getStorageHash(),
        accountProof,
        p.getStorageProof());
  }

  static EthGetProof.Proof withStorage(
      EthGetProof.Proof p,
      int index,
      java.util.function.UnaryOperator<EthGetProof.StorageProof> change) {
    List<EthGetProof.StorageProof> storage = new ArrayList<>(p.getStorageProof());
    storage.set(index, change.apply(storage.get(index)));
    return new EthGetProof.Proof(
        p.getAddress(),
        p.getBalanceRaw(),
        p.getCodeHash(),
        p.getNonce(),
        p.getStorageHash(),
        p.getAccountProof(),
        storage);
  }

  /** A third adapter that can be made to follow another chain's history. */
  static final class Switchable implements BlockHashSource {
    final EvmChain honest;
    final EvmChain impostor;
    volatile boolean lie;

    Switchable(EvmChain honest, EvmChain impostor) {
      this.honest = honest;
      this.impostor = impostor;
    }

    @Override
    public String id() {
      return "rpc:c";
    }

    @Override
    public Optional<Bytes32> blockHash(long number) {
      return (lie ? impostor : honest)
          .block(number)
          .map(b -> Bytes32.fromHex((String) b.get("hash")));
    }

    @Override
    public long finalizedBlock() {
      return honest.blockNumber() - 2;
    }
  }
}
