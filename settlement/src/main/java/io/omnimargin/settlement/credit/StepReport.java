package io.omnimargin.settlement.credit;

import java.util.List;

/**
 * What one settlement step did, for logs and status: the block range scanned, the events applied,
 * those refused with their reason, and whether the route was live.
 */
public record StepReport(
    long chainId,
    long fromBlock,
    long toBlock,
    List<String> applied,
    List<String> refused,
    boolean routeLive,
    String note) {

  static StepReport idle(long chainId, long cursor, boolean live, String note) {
    return new StepReport(chainId, cursor, cursor - 1, List.of(), List.of(), live, note);
  }
}
