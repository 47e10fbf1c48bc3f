package io.omnimargin.hub.settlement;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.credit.StepReport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One source chain's settlement: how to step its vault settler, whether its adapters agree, how to
 * read a deposit and how to relay to its vault; and what a person wants to see of it.
 */
public final class SettlementChain {
  private final long chainId;
  private final Address vault;
  private final int adapters;
  private final int quorum;
  private final Supplier<StepReport> settler;
  private final LongSupplier nextBlock;
  private final BooleanSupplier live;
  private final DepositLookup deposits;
  private final Relayer relayer;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Supplier<Agreement> agreement;
  private volatile StepReport last;
  private volatile String lastError;
  private volatile long lastFinalBlock = -1;

  /** The latest refused claims, newest first, at most {@link #REFUSALS_KEPT}. */
  private final Deque<Refused> refusals = new ArrayDeque<>();

  /** How many refused claims {@link #refusals()} remembers. */
  public static final int REFUSALS_KEPT = 20;

  /**
   * What the chain's adapters said last: their ids, the last height asked and what each answered,
   * and the latest heights on which they disagreed.
   */
  public record Agreement(
      List<String> adapters, Optional<Attestation> last, List<Attestation.Disputed> disputes) {
    static Agreement none() {
      return new Agreement(List.of(), Optional.empty(), List.of());
    }
  }

  /** A vault event settlement refused to apply, with the failure's code. */
  public record Refused(String event, String reason, String range) {}

  /**
   * @param settler one step of the chain's vault settler: scan, prove and apply what is final
   * @param nextBlock the next block the settler will scan; -1 before its first scan
   * @param live whether k of the chain's n adapters agree
   * @param relayer null when the hub has no keys: withdrawals and seizures then stay open
   */
  public SettlementChain(
      long chainId,
      Address vault,
      int adapters,
      int quorum,
      Supplier<StepReport> settler,
      BooleanSupplier live,
      LongSupplier nextBlock,
      DepositLookup deposits,
      Relayer relayer) {
    this(
        chainId,
        vault,
        adapters,
        quorum,
        settler,
        live,
        nextBlock,
        deposits,
        relayer,
        Agreement::none);
  }

  /** As above, with what the adapters said for the status view. */
  public SettlementChain(
      long chainId,
      Address vault,
      int adapters,
      int quorum,
      Supplier<StepReport> settler,
      BooleanSupplier live,
      LongSupplier nextBlock,
      DepositLookup deposits,
      Relayer relayer,
      Supplier<Agreement> agreement) {
    this.agreement = agreement;
    this.nextBlock = nextBlock;
    this.chainId = chainId;
    this.vault = vault;
    this.adapters = adapters;
    this.quorum = quorum;
    this.settler = settler;
    this.live = live;
    this.deposits = deposits;
    this.relayer = relayer;
  }

  public long chainId() {
    return chainId;
  }

  public Address vault() {
    return vault;
  }

  public int adapters() {
    return adapters;
  }

  public int quorum() {
    return quorum;
  }

  public boolean live() {
    return live.getAsBoolean();
  }

  DepositLookup deposits() {
    return deposits;
  }

  Optional<Relayer> relayer() {
    return Optional.ofNullable(relayer);
  }

  /** Steps the settler, keeping the counts and the last error for the status view. */
  StepReport step() {
    try {
      StepReport report = settler.get();
      last = report;
      lastError = report.note().isEmpty() ? null : report.note();
      applied.addAndGet(report.applied().size());
      refused.addAndGet(report.refused().size());
      lastFinalBlock = Math.max(lastFinalBlock, report.toBlock());
      remember(report);
      return report;
    } catch (RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
      throw e;
    }
  }

  private synchronized void remember(StepReport report) {
    String range = report.fromBlock() + "-" + report.toBlock();
    for (String claim : report.refused()) {
      int space = claim.indexOf(' ');
      refusals.addFirst(
          space < 0
              ? new Refused(claim, "refused", range)
              : new Refused(claim.substring(0, space), claim.substring(space + 1), range));
    }
    while (refusals.size() > REFUSALS_KEPT) {
      refusals.removeLast();
    }
  }

  /** The latest refused claims, newest first. */
  public synchronized List<Refused> refusals() {
    return List.copyOf(refusals);
  }

  /** The highest block scanned as final since start; -1 before the first scan. */
  public long lastFinalBlock() {
    return lastFinalBlock;
  }

  /** What the adapters said last; empty lists when the chain was built without them. */
  public Agreement agreement() {
    return agreement.get();
  }

  public long nextBlock() {
    return nextBlock.getAsLong();
  }

  public long applied() {
    return applied.get();
  }

  public long refused() {
    return refused.get();
  }

  /** The last scanned range, e.g. {@code 120-131}. */
  public Optional<String> lastRange() {
    StepReport r = last;
    return r == null ? Optional.empty() : Optional.of(r.fromBlock() + "-" + r.toBlock());
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }
}
