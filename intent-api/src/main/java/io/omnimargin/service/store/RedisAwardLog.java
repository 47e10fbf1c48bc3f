package io.omnimargin.service.store;

import io.omnimargin.hub.auction.AwardLog;
import io.omnimargin.hub.auction.AwardRecord;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.vertx.mutiny.redis.client.Response;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Awards not yet filled in one Redis hash, {@code <prefix>awards}: order id → solver, price, fee,
 * the bid's validUntil, when it arrived and the fill deadline, space-separated. The owner writes an
 * award before its winner is told; a successor reads it to restore the award.
 */
public final class RedisAwardLog implements AwardLog {
  private final RedisCommands redis;
  private final String key;

  public RedisAwardLog(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "awards";
  }

  @Override
  public void awarded(OrderId id, AwardRecord award) {
    SolverBid bid = award.bid();
    String value =
        String.join(
            " ",
            bid.solver().toLowerHex(),
            bid.price().toBigInteger().toString(),
            bid.fee().toBigInteger().toString(),
            Long.toString(bid.validUntil()),
            Long.toString(award.receivedAtMillis()),
            Long.toString(award.fillDeadlineMillis()));
    redis.execute("HSET", List.of(key, id.toHex(), value));
  }

  @Override
  public Optional<AwardRecord> find(OrderId id) {
    Response value = redis.execute("HGET", List.of(key, id.toHex()));
    if (value == null) {
      return Optional.empty();
    }
    String[] f = value.toString().split(" ");
    SolverBid bid =
        new SolverBid(
            id,
            Address.parse(f[0]),
            Uint256.of(new BigInteger(f[1])),
            Uint256.of(new BigInteger(f[2])),
            Long.parseLong(f[3]));
    return Optional.of(new AwardRecord(bid, Long.parseLong(f[4]), Long.parseLong(f[5])));
  }

  @Override
  public void forget(OrderId id) {
    redis.execute("HDEL", List.of(key, id.toHex()));
  }
}
