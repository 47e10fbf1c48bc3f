package io.omnimargin.service.margin;

import io.omnimargin.cluster.partition.SystemShards;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.cluster.PartitionedLedger;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The clearing house's books, for anyone to check: every position has its opposite (open interest
 * long equals short per market), nothing was created or destroyed ({@code imbalance} is exactly
 * "0"), no collateral line is negative. Amounts are integers in base units (wad for USD and sizes,
 * the token's decimals for collateral), as decimal strings.
 */
@Path("/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clearing")
public class LedgerResource {
  /** The summary scans every account under the engine's lock: at most once a second. */
  private static final long FRESH_NANOS = 1_000_000_000L;

  private final MarginEngine engine;
  private final PartitionedLedger partitioned;
  private volatile LedgerView cached;
  private volatile long cachedAt;

  LedgerResource(MarginEngine engine, PartitionedLedger partitioned) {
    this.engine = engine;
    this.partitioned = partitioned;
  }

  public record Side(String longSize, String shortSize, boolean balanced) {}

  public record PositionView(String market, String size, String cost) {}

  public record SystemAccount(
      String role, String address, String cash, List<PositionView> positions) {}

  public record CollateralTotal(String chainId, String asset, String amount) {}

  public record LedgerView(
      @Schema(description = "Per market: long and short open interest (wad base units)")
          Map<String, Side> openInterest,
      List<SystemAccount> systemAccounts,
      @Schema(description = "Σ cash over all accounts (wad USD)") String cashSum,
      @Schema(description = "Σ cost basis over all positions (wad USD)") String costBasisSum,
      @Schema(description = "cashSum − costBasisSum: exactly \"0\" while the books balance")
          String imbalance,
      boolean balanced,
      List<CollateralTotal> collateral,
      int accounts) {}

  @GET
  @Operation(summary = "The clearing invariants over the whole ledger (at most 1 s old)")
  public LedgerView ledger() {
    LedgerView view = cached;
    long now = System.nanoTime();
    if (view == null || now - cachedAt > FRESH_NANOS) {
      // a partitioned ledger is read from its store, every partition at one instant
      view = summarize(partitioned.on() ? partitioned.summary() : engine.ledgerSummary());
      cached = view;
      cachedAt = now;
    }
    return view;
  }

  private LedgerView summarize(LedgerSummary s) {
    Map<String, Side> interest = new TreeMap<>();
    s.openInterest()
        .forEach(
            (m, oi) ->
                interest.put(
                    m,
                    new Side(oi.longSize().toString(), oi.shortSize().toString(), oi.balanced())));
    return new LedgerView(
        interest,
        s.systemAccounts().stream().map(this::system).toList(),
        s.cashSum().toString(),
        s.costBasisSum().toString(),
        s.imbalance().toString(),
        s.balanced(),
        s.collateral().entrySet().stream()
            .map(
                e ->
                    new CollateralTotal(
                        Long.toString(e.getKey().chainId()),
                        e.getKey().asset(),
                        e.getValue().toString()))
            .toList(),
        s.accounts());
  }

  private SystemAccount system(Account a) {
    String role =
        partitioned.on()
            ? partitioned.role(a.owner()).map(LedgerResource::role).orElse("unknown")
            : role(a.owner(), engine.clearing());
    return new SystemAccount(
        role,
        a.owner().toChecksumHex(),
        a.cash().toString(),
        a.positions().values().stream()
            .map(p -> new PositionView(p.market(), p.size().toString(), p.cost().toString()))
            .toList());
  }

  private static String role(Address owner, ClearingParameters clearing) {
    return owner.equals(clearing.insuranceFund())
        ? "insurance-fund"
        : owner.equals(clearing.feePool()) ? "fee-pool" : "settlement-pool";
  }

  /** A shard's role as the view names it: {@code FEE_POOL} → fee-pool. */
  private static String role(SystemShards.Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
