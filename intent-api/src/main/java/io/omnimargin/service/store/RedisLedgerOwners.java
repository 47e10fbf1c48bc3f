package io.omnimargin.service.store;

import io.vertx.mutiny.redis.client.Response;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who owns the ledger, in Redis: the owner epoch that fences the ledger's writes ({@code
 * <prefix>ledger:epoch}), the owner's record ({@code <prefix>ledger:owner}: epoch, URL, member)
 * that tells the other replicas where to forward, and the key replicas show each other on forwarded
 * requests ({@code <prefix>cluster:forward-key}).
 */
public final class RedisLedgerOwners {
  private static final LuaScript TAKE_OVER = LuaScript.load("ledger-takeover.lua");

  /**
   * The owner as the other replicas see it.
   *
   * @param member the owning process's name in the owners' group (replica id and a per-process
   *     suffix)
   */
  public record Owner(long epoch, String url, String member) {}

  private final RedisCommands redis;
  private final String epochKey;
  private final String ownerKey;
  private final String forwardKey;

  public RedisLedgerOwners(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.epochKey = prefix + "ledger:epoch";
    this.ownerKey = prefix + "ledger:owner";
    this.forwardKey = prefix + "cluster:forward-key";
  }

  /** Makes this replica the owner: a new epoch, which fences the former owner's writes. */
  public long takeOver(String url, String member) {
    return TAKE_OVER.run(redis, List.of(epochKey, ownerKey), List.of(url, member)).toLong();
  }

  /** The current owner's record, if any replica has owned the ledger. */
  public Optional<Owner> owner() {
    Response value = redis.execute("GET", List.of(ownerKey));
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.toString().split(" ", 3);
    return Optional.of(new Owner(Long.parseLong(parts[0]), parts[1], parts[2]));
  }

  /** The cluster's forwarding key: the first replica to ask draws it, every replica reads it. */
  public String forwardKey() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    redis.execute("SET", List.of(forwardKey, HexFormat.of().formatHex(random), "NX"));
    return redis.execute("GET", List.of(forwardKey)).toString();
  }
}
