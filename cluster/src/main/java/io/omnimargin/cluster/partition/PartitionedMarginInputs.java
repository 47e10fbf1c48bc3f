package io.omnimargin.cluster.partition;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.protocol.types.Address;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The workflows' writes to a partitioned ledger: each input that changes accounts becomes the
 * command of its account's partition and is answered once that partition's owner has committed it;
 * price ticks and route health go to {@code markets} (the broadcast log, which every partition's
 * engine reads). Every input is given a request id when it arrives, and a submission whose answer
 * does not come in time is sent again under the same id, which the owner applies once. A caller
 * that applies the same input again after a failure gives it a new id: an input does not carry an
 * id of its own yet.
 *
 * <p>A fill is answered once its taker's partition has booked it; the maker's leg is in flight to
 * its own partition, counted by the ledger view, and booked there within a relay. A transfer must
 * have a system account on one side (a seizure's compensation, a refused payout's cash back): it is
 * then booked against that account's shard on the other side's partition. A payout pays the cash
 * its intent reserved.
 */
public final class PartitionedMarginInputs implements MarginInputs {
  private static final System.Logger LOG =
      System.getLogger(PartitionedMarginInputs.class.getName());
  private final PartitionWriter writer;
  private final SystemShards shards;
  private final MarginInputs markets;
  private final Duration timeout;

  public PartitionedMarginInputs(
      PartitionWriter writer, SystemShards shards, MarginInputs markets, Duration timeout) {
    this.writer = writer;
    this.shards = shards;
    this.markets = markets;
    this.timeout = timeout;
  }

  /** Where price ticks and route health go: every replica's markets. */
  public MarginInputs markets() {
    return markets;
  }

  /** The owner refused the input ({@code refused: <why>}); nothing of it was applied. */
  public static final class Refused extends IllegalStateException {
    Refused(EngineInput input, String answer) {
      super(answer + ": " + input);
    }
  }

  @Override
  public int apply(EngineInput input) {
    try {
      return applyAsync(input).toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the ledger applied " + input, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the ledger did not apply " + input, e.getCause());
    }
  }

  @Override
  public CompletionStage<Integer> applyAsync(EngineInput input) {
    Optional<PartitionCommand> command;
    try {
      command = command(input);
    } catch (IllegalArgumentException notForPartitions) {
      return CompletableFuture.failedFuture(notForPartitions);
    }
    if (command.isEmpty()) {
      return markets.applyAsync(input);
    }
    int accounts =
        input instanceof EngineInput.Fill || input instanceof EngineInput.Transfer ? 2 : 1;
    return writer
        .request(command.get(), timeout)
        .thenApply(
            answer -> {
              if (answer.startsWith("refused")) {
                throw new Refused(input, answer);
              }
              return accounts;
            });
  }

  @Override
  public void offer(EngineInput input) {
    applyAsync(input)
        .whenComplete(
            (accounts, failure) -> {
              if (failure != null) { // nobody waits for the answer: say so where it can be seen
                LOG.log(System.Logger.Level.WARNING, "the ledger did not apply " + input, failure);
              }
            });
  }

  /** The partition command for an input that changes accounts; empty for market inputs. */
  Optional<PartitionCommand> command(EngineInput input) {
    String request = UUID.randomUUID().toString();
    if (input instanceof EngineInput.Fill fill) {
      if (fill.intentId() == null) {
        throw new IllegalArgumentException("a fill on a partitioned ledger names its intent");
      }
      return Optional.of(new PartitionCommand.BookTrade(fill.intentId().toHex(), fill.trade()));
    }
    if (input instanceof EngineInput.CollateralBalance b) {
      return Optional.of(
          new PartitionCommand.ProvenBalance(b.owner(), b.key(), b.balance(), request));
    }
    if (input instanceof EngineInput.CollateralChange c) {
      return Optional.of(
          new PartitionCommand.AdjustCollateral(c.owner(), c.key(), c.delta(), request));
    }
    if (input instanceof EngineInput.Payout p) {
      return Optional.of(new PartitionCommand.Payout(p.owner(), p.intentId()));
    }
    if (input instanceof EngineInput.Transfer t) {
      return Optional.of(move(t, request));
    }
    return Optional.empty(); // prices, route risk and health: every replica's engines
  }

  private PartitionCommand move(EngineInput.Transfer t, String request) {
    Optional<SystemShards.Role> from = shards.roleOf(t.from());
    Optional<SystemShards.Role> to = shards.roleOf(t.to());
    if (from.isPresent() == to.isPresent()) {
      // between two traders (or two system accounts) the cash would cross partitions
      throw new IllegalArgumentException(
          "a transfer on a partitioned ledger has a system account on one side: " + t);
    }
    Address account = from.isPresent() ? t.to() : t.from();
    return new PartitionCommand.MoveCash(
        account, from.orElseGet(to::get), from.isPresent() ? t.usd() : t.usd().negate(), request);
  }
}
