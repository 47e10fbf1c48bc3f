package io.omnimargin.service.store;

import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.protocol.types.Address;
import io.vertx.mutiny.redis.client.Response;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Seizures relayed and not yet proven, in one Redis hash, {@code <prefix>seizures}: event key →
 * {@code "<owner> <usd>"}. A take is one Lua script (read and delete), so of two replicas proving
 * one seizure at once only one pays the debt with it.
 */
public final class RedisPendingSeizures implements PendingSeizures {
  private static final LuaScript TAKE = LuaScript.load("seizure-take.lua");

  private final RedisCommands redis;
  private final String key;

  /**
   * @param prefix namespace of the store's key, e.g. {@code om:settlement:}
   */
  public RedisPendingSeizures(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "seizures";
  }

  @Override
  public void put(Pending seizure) {
    String value = seizure.owner().toLowerHex() + " " + seizure.usd();
    redis.execute("HSET", List.of(key, seizure.eventKey(), value));
  }

  @Override
  public Optional<Pending> take(String eventKey) {
    Response taken = TAKE.run(redis, List.of(key), List.of(eventKey));
    if (taken == null) {
      return Optional.empty();
    }
    String[] ownerAndUsd = taken.toString().split(" ");
    return Optional.of(
        new Pending(eventKey, Address.parse(ownerAndUsd[0]), new BigInteger(ownerAndUsd[1])));
  }

  /** Reads every pending seizure: there are few, at most one per account in debt. */
  @Override
  public boolean pendingFor(Address owner) {
    String prefix = owner.toLowerHex() + " ";
    for (Response value : redis.execute("HVALS", List.of(key))) {
      if (value.toString().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
