package io.omnimargin.service.store;

import io.omnimargin.hub.auction.AwardLog;
import io.omnimargin.hub.auction.AwardRecord;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.vertx.mutiny.redis.client.Response;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Awards not yet filled in one Redis hash, {@code <prefix>awards}: order id → one line of
 * space-separated fields. The owner writes an award before its winner is told, and again whenever
 * the award passes to another bid; a successor reads it to restore the award.
 *
 * <p>The line is the winner's six fields, then six for each runner-up, best first (at most {@link
 * AwardRecord#MAX_RUNNER_UPS}):
 *
 * <pre>
 * winner:    solver price fee validUntil receivedAtMillis fillDeadlineMillis
 * runner-up: solver price fee validUntil receivedAtMillis signature
 * </pre>
 *
 * The solver is 0x lower hex, price and fee decimal integers, validUntil unix seconds, the times
 * unix millis; a runner-up's signature is its 65 bytes in 0x hex if the owner had not checked it
 * yet, {@code -} if it had. A line of six fields, as written before runner-ups were kept, is an
 * award with none behind it.
 */
public final class RedisAwardLog implements AwardLog {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(RedisAwardLog.class);

  private static final int FIELDS = 6;
  private static final String CHECKED = "-";

  private final RedisCommands redis;
  private final String key;

  public RedisAwardLog(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "awards";
  }

  @Override
  public void awarded(OrderId id, AwardRecord award) {
    StringBuilder value = new StringBuilder(160 + 250 * award.runnerUps().size());
    bid(value, award.bid(), award.receivedAtMillis());
    value.append(' ').append(award.fillDeadlineMillis());
    for (AwardRecord.RunnerUp r : award.runnerUps()) {
      value.append(' ');
      bid(value, r.bid(), r.receivedAtMillis());
      value.append(' ').append(r.unchecked() == null ? CHECKED : r.unchecked().toHex());
    }
    redis.execute("HSET", List.of(key, id.toHex(), value.toString()));
  }

  private static void bid(StringBuilder out, SolverBid bid, long receivedAtMillis) {
    out.append(bid.solver().toLowerHex())
        .append(' ')
        .append(bid.price().toBigInteger())
        .append(' ')
        .append(bid.fee().toBigInteger())
        .append(' ')
        .append(bid.validUntil())
        .append(' ')
        .append(receivedAtMillis);
  }

  @Override
  public Optional<AwardRecord> find(OrderId id) {
    Response value = redis.execute("HGET", List.of(key, id.toHex()));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(id, value.toString()));
    } catch (RuntimeException unreadable) {
      // one bad record must not stop every successor in turn: the award is treated as not kept
      // (its intent fails and its margin is released), and the record is forgotten then
      LOG.warnf(
          "award of %s in %s is unreadable (%s), treated as not kept: %s",
          id, key, unreadable.getMessage(), value);
      return Optional.empty();
    }
  }

  private AwardRecord parse(OrderId id, String value) {
    String[] f = value.split(" ");
    if (f.length < FIELDS || f.length % FIELDS != 0) {
      throw new IllegalArgumentException(f.length + " fields, not 6 per bid");
    }
    List<AwardRecord.RunnerUp> runnerUps = new ArrayList<>();
    for (int at = FIELDS; at < f.length; at += FIELDS) {
      String signature = f[at + 5];
      runnerUps.add(
          new AwardRecord.RunnerUp(
              bid(id, f, at),
              Long.parseLong(f[at + 4]),
              signature.equals(CHECKED) ? null : Signature.parse(signature)));
    }
    return new AwardRecord(bid(id, f, 0), Long.parseLong(f[4]), Long.parseLong(f[5]), runnerUps);
  }

  private static SolverBid bid(OrderId id, String[] f, int at) {
    return new SolverBid(
        id,
        Address.parse(f[at]),
        Uint256.of(new BigInteger(f[at + 1])),
        Uint256.of(new BigInteger(f[at + 2])),
        Long.parseLong(f[at + 3]));
  }

  @Override
  public void forget(OrderId id) {
    redis.execute("HDEL", List.of(key, id.toHex()));
  }

  @Override
  public Set<OrderId> kept() {
    Set<OrderId> kept = new HashSet<>();
    for (Response field : redis.execute("HKEYS", List.of(key))) {
      kept.add(OrderId.parse(field.toString()));
    }
    return kept;
  }
}
