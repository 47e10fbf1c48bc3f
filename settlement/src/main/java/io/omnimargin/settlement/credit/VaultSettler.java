package io.omnimargin.settlement.credit;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.RouteObserver;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.vault.VaultEvent;
import io.omnimargin.settlement.vault.VaultLayout;
import io.omnimargin.settlement.verify.LineKey;
import io.omnimargin.settlement.verify.ProvenVaultState;
import io.omnimargin.settlement.verify.SettlementException;
import io.omnimargin.settlement.verify.SettlementFailure;
import io.omnimargin.settlement.verify.VaultProofVerifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Settles one vault: listens for its events up to the attested final block, fetches the proof of
 * the lines they touch (the relayer's job: nothing fetched is trusted), verifies it, hands the
 * proven balances to the sink, and records each event so that it is applied once.
 *
 * <p>Order matters for crashes: balances go to the sink before the events and the cursor are
 * recorded. A crash in between replays the step, and the sink gets the same balances again, which
 * changes nothing.
 */
public final class VaultSettler {
  private static final Logger LOG = Logger.getLogger(VaultSettler.class.getName());

  /** Blocks per {@code eth_getLogs} call; providers refuse wide ranges. */
  static final int MAX_RANGE = 2_000;

  private final EvmChain chain;
  private final long chainId;
  private final Address vault;
  private final Attestor attestor;
  private final SettlementJournal journal;
  private final CollateralSink sink;
  private final long startBlock;
  private final RouteObserver observer;

  public VaultSettler(
      EvmChain chain,
      long chainId,
      Address vault,
      Attestor attestor,
      SettlementJournal journal,
      CollateralSink sink,
      long startBlock) {
    this(chain, chainId, vault, attestor, journal, sink, startBlock, RouteObserver.NONE);
  }

  /** A settler that also reports final blocks, reorgs and deposit latencies to {@code observer}. */
  public VaultSettler(
      EvmChain chain,
      long chainId,
      Address vault,
      Attestor attestor,
      SettlementJournal journal,
      CollateralSink sink,
      long startBlock,
      RouteObserver observer) {
    this.observer = observer;
    this.chain = chain;
    this.chainId = chainId;
    this.vault = vault;
    this.attestor = attestor;
    this.journal = journal;
    this.sink = sink;
    this.startBlock = startBlock;
  }

  public String vaultKey() {
    return chainId + "/" + vault.toLowerHex();
  }

  public Address vault() {
    return vault;
  }

  /** Scans the next final range, settles what it finds, advances the cursor. */
  public StepReport step() {
    long from = journal.cursor(vaultKey(), startBlock);
    long finalized = attestor.finalizedBlock();
    if (finalized < from) {
      return StepReport.idle(chainId, from, attestor.live(), "waiting for finality");
    }
    long to = Math.min(finalized, from + MAX_RANGE - 1);
    List<VaultEvent> events = new ArrayList<>();
    for (Object result : chain.logs(vault.toChecksumHex(), null, from, to)) {
      Log log = (Log) ((EthLog.LogResult<?>) result).get();
      try {
        events.add(VaultEvent.fromLog(chainId, vault, log));
      } catch (IllegalArgumentException e) {
        LOG.fine(() -> "vault " + vaultKey() + ": ignored log " + log.getTransactionHash());
      }
    }
    StepReport report = settle(events, to);
    if (report.routeLive() && report.note().isEmpty()) {
      journal.advance(vaultKey(), to + 1);
      observeFinal(to);
    }
    return new StepReport(
        chainId, from, to, report.applied(), report.refused(), report.routeLive(), report.note());
  }

  /**
   * Settles claimed events against the vault's proven state at block {@code at}. Public because a
   * claim may come from anyone (a relayer, the user); each is checked the same way.
   */
  public StepReport settle(List<VaultEvent> claimed, long at) {
    List<String> applied = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Attestation head = attestor.attest(at);
    if (!(head instanceof Attestation.Attested attested)) {
      String why =
          head instanceof Attestation.Disputed
              ? SettlementFailure.ROUTE_NOT_LIVE.code()
              : SettlementFailure.BLOCK_NOT_ATTESTED.code();
      return new StepReport(chainId, at, at, applied, refused, attestor.live(), why);
    }
    if (at > attestor.finalizedBlock()) {
      return new StepReport(
          chainId, at, at, applied, refused, true, SettlementFailure.NOT_FINAL.code());
    }
    List<VaultEvent> fresh = fresh(claimed, at, refused);
    if (fresh.isEmpty()) {
      return new StepReport(chainId, at, at, applied, refused, true, "");
    }
    Set<LineKey> lines = new LinkedHashSet<>();
    fresh.forEach(e -> lines.add(new LineKey(e.account(), e.token())));
    ProvenVaultState state;
    try {
      state = prove(attested, at, lines);
    } catch (SettlementException e) {
      LOG.warning("vault " + vaultKey() + " proof at " + at + " refused: " + e.getMessage());
      fresh.forEach(ev -> refused.add(ev.key() + " " + e.failure().code()));
      return new StepReport(chainId, at, at, applied, refused, true, e.failure().code());
    }
    List<VaultEvent> proven = noncesProven(fresh, state, refused);
    credit(state, proven);
    record(proven, state, applied, refused);
    LOG.info(
        () ->
            "vault "
                + vaultKey()
                + " block "
                + at
                + ": applied "
                + applied
                + (refused.isEmpty() ? "" : ", refused " + refused));
    return new StepReport(chainId, at, at, applied, refused, true, "");
  }

  /** The claims worth proving: this vault's, not settled before, final and canonical. */
  private List<VaultEvent> fresh(List<VaultEvent> claimed, long at, List<String> refused) {
    List<VaultEvent> fresh = new ArrayList<>();
    for (VaultEvent event : claimed) {
      if (!event.vault().equals(vault) || event.chainId() != chainId) {
        refused.add(event.key() + " " + SettlementFailure.PROOF_MISMATCH.code());
      } else if (journal.outcome(event.key()).isPresent()) {
        refused.add(event.key() + " replay");
      } else if (event.blockNumber() > at) {
        refused.add(event.key() + " " + SettlementFailure.NOT_FINAL.code());
      } else if (!canonical(event)) {
        // not recorded: the nonce belongs to whichever event the canonical chain has
        observer.reorg(chainId, event.blockNumber());
        refused.add(event.key() + " " + SettlementFailure.REORGED.code());
      } else {
        fresh.add(event);
      }
    }
    return fresh;
  }

  /** The vault's deposit nonce and the locked balance of every line, proven at block {@code at}. */
  private ProvenVaultState prove(Attestation.Attested attested, long at, Set<LineKey> lines)
      throws SettlementException {
    List<String> slots = new ArrayList<>();
    slots.add(VaultLayout.DEPOSIT_NONCE_SLOT.toHex());
    lines.forEach(l -> slots.add(l.slot().toHex()));
    return VaultProofVerifier.verify(
        attested,
        chain.block(at).orElseThrow(),
        vault,
        chain.proof(vault.toChecksumHex(), slots, at),
        List.copyOf(lines));
  }

  /** Deposits the proven nonce does not reach are refused for good (recorded as rejected). */
  private List<VaultEvent> noncesProven(
      List<VaultEvent> fresh, ProvenVaultState state, List<String> refused) {
    List<VaultEvent> proven = new ArrayList<>();
    for (VaultEvent event : fresh) {
      if (event.kind() == VaultEvent.Kind.LOCKED
          && state.depositNonce().compareTo(event.depositNonce()) < 0) {
        journal.record(event.key(), "rejected:" + SettlementFailure.NONCE_NOT_PROVEN.code());
        refused.add(event.key() + " " + SettlementFailure.NONCE_NOT_PROVEN.code());
      } else {
        proven.add(event);
      }
    }
    return proven;
  }

  /** Each proven line's balance goes to the sink with the events it settles. */
  private void credit(ProvenVaultState state, List<VaultEvent> proven) {
    for (Map.Entry<LineKey, BigInteger> line : state.locked().entrySet()) {
      List<String> settles =
          proven.stream()
              .filter(e -> new LineKey(e.account(), e.token()).equals(line.getKey()))
              .map(VaultEvent::key)
              .toList();
      if (!settles.isEmpty()) {
        observeDeposits(proven, line.getKey());
        sink.proven(
            new ProvenBalance(
                chainId,
                vault,
                line.getKey().account(),
                line.getKey().token(),
                line.getValue(),
                state.blockNumber(),
                state.blockHash(),
                "proof " + chainId + "@" + state.blockNumber(),
                settles));
      }
    }
  }

  /** Records each event once; one recorded meanwhile is a replay. */
  private void record(
      List<VaultEvent> proven, ProvenVaultState state, List<String> applied, List<String> refused) {
    for (VaultEvent event : proven) {
      if (journal.record(event.key(), "applied@" + state.blockNumber())) {
        applied.add(event.key());
      } else {
        refused.add(event.key() + " replay");
      }
    }
  }

  /** The newest final block's header facts, for the route's health (one header per step). */
  private void observeFinal(long number) {
    try {
      chain
          .block(number)
          .ifPresent(
              b -> observer.finalBlock(chainId, number, quantity(b.get("timestamp")), baseFee(b)));
    } catch (RuntimeException e) {
      LOG.fine(() -> "vault " + vaultKey() + ": no header for health at " + number);
    }
  }

  /** Each deposit credited now: its block's time, for the route's measured latency. */
  private void observeDeposits(List<VaultEvent> proven, LineKey line) {
    for (VaultEvent e : proven) {
      if (e.kind() == VaultEvent.Kind.LOCKED && new LineKey(e.account(), e.token()).equals(line)) {
        try {
          chain
              .block(e.blockNumber())
              .ifPresent(b -> observer.credited(chainId, quantity(b.get("timestamp"))));
        } catch (RuntimeException ex) {
          LOG.fine(() -> "vault " + vaultKey() + ": no header for latency at " + e.blockNumber());
        }
      }
    }
  }

  private static BigInteger baseFee(Map<String, Object> block) {
    Object fee = block.get("baseFeePerGas");
    String hex = fee == null ? "0x0" : String.valueOf(fee);
    return hex.startsWith("0x") ? new BigInteger(hex.substring(2), 16) : BigInteger.ZERO;
  }

  private static long quantity(Object hex) {
    return Long.decode(String.valueOf(hex));
  }

  private boolean canonical(VaultEvent event) {
    Attestation a = attestor.attest(event.blockNumber());
    return a instanceof Attestation.Attested at && at.hash().equals(event.blockHash());
  }
}
