package io.omnimargin.cluster.partition;

import io.omnimargin.hub.clearing.LiquidationLedger;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.protocol.types.Address;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The liquidations of a partitioned ledger: each is completed by a {@link
 * PartitionCommand.CompleteLiquidation} on the account's partition, whose owner's engine started it
 * and holds it open. The answer says how it went; none in time is a failure the desk tries again,
 * and a completion asked again is answered as the first was.
 */
public final class PartitionedLiquidations implements LiquidationLedger {
  private final PartitionWriter writer;
  private final Duration timeout;

  public PartitionedLiquidations(PartitionWriter writer, Duration timeout) {
    this.writer = writer;
    this.timeout = timeout;
  }

  @Override
  public Completion complete(Address account, long id, Optional<Takeover> bid) {
    String answer;
    try {
      answer =
          writer
              .request(new PartitionCommand.CompleteLiquidation(account, id, bid), timeout)
              .get(3 * timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted completing liquidation " + id, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the ledger did not answer the completion of liquidation " + id + " of " + account, e);
    }
    return read(answer);
  }

  @Override
  public boolean holdsConsumed() {
    return true;
  }

  static Completion read(String answer) {
    if (answer.equals("completed")) {
      return Completion.COMPLETED;
    }
    return answer.equals("refused: stale-price") ? Completion.WAITING : Completion.GONE;
  }
}
