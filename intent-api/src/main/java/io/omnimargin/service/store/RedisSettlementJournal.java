package io.omnimargin.service.store;

import io.omnimargin.settlement.credit.SettlementJournal;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;
import java.util.Optional;

/**
 * The settlement journal in two Redis hashes shared by every replica: {@code <prefix>cursors}
 * (vault → next block to scan) and {@code <prefix>outcomes} (event → outcome). An outcome is
 * written with {@code HSETNX}, one atomic command: of two replicas recording one event at once,
 * exactly one succeeds, so an event is never applied twice.
 */
public final class RedisSettlementJournal implements SettlementJournal {
  private final RedisCommands redis;
  private final String cursors;
  private final String outcomes;

  /**
   * @param prefix namespace of the journal's keys, e.g. {@code om:settlement:}
   */
  public RedisSettlementJournal(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.cursors = prefix + "cursors";
    this.outcomes = prefix + "outcomes";
  }

  @Override
  public long cursor(String vaultKey, long fallback) {
    Response next = redis.execute("HGET", List.of(cursors, vaultKey));
    return next == null ? fallback : next.toLong();
  }

  @Override
  public void advance(String vaultKey, long next) {
    redis.execute("HSET", List.of(cursors, vaultKey, Long.toString(next)));
  }

  @Override
  public Optional<String> outcome(String eventKey) {
    return Optional.ofNullable(redis.execute("HGET", List.of(outcomes, eventKey)))
        .map(Response::toString);
  }

  @Override
  public boolean record(String eventKey, String outcome) {
    return redis.execute("HSETNX", List.of(outcomes, eventKey, outcome)).toInteger() == 1;
  }
}
