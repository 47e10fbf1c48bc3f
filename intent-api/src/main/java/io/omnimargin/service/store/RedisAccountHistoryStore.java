package io.omnimargin.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.history.AccountHistoryStore;
import io.omnimargin.hub.history.HistoryEntry;
import io.omnimargin.protocol.types.Address;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Each account's history in a Redis list, newest first, trimmed to {@link #PER_ACCOUNT} entries in
 * the same script that appends: what a replica remembers of an account survives its restart.
 */
public final class RedisAccountHistoryStore implements AccountHistoryStore {
  private static final LuaScript APPEND = LuaScript.load("history-append.lua");

  private final RedisCommands redis;
  private final String prefix;
  private final ObjectMapper json;

  /**
   * @param prefix namespace of the lists' keys, e.g. {@code om:history:}
   */
  public RedisAccountHistoryStore(RedisCommands redis, String prefix, ObjectMapper json) {
    this.redis = redis;
    this.prefix = prefix;
    this.json = json;
  }

  /** Written without the owner: the key says whose it is. */
  private record Stored(
      long at, String kind, String amount, String avMaintenance, String mmr, String cause) {}

  @Override
  public void append(HistoryEntry e) {
    appendAll(List.of(e));
  }

  /** One script for the whole batch: each entry pushed on its account's list, each list trimmed. */
  @Override
  public void appendAll(List<HistoryEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(entries.size());
    List<String> values = new ArrayList<>(entries.size() + 1);
    values.add(Integer.toString(PER_ACCOUNT));
    for (HistoryEntry e : entries) {
      keys.add(key(e.owner()));
      values.add(write(e));
    }
    APPEND.run(redis, keys, values);
  }

  private String write(HistoryEntry e) {
    try {
      return json.writeValueAsString(
          new Stored(e.at(), e.kind(), e.amount(), e.avMaintenance(), e.mmr(), e.cause()));
    } catch (JsonProcessingException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  @Override
  public List<HistoryEntry> of(Address owner, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    Response list =
        redis.execute(
            "LRANGE", List.of(key(owner), "0", Integer.toString(Math.min(limit, PER_ACCOUNT) - 1)));
    List<HistoryEntry> entries = new ArrayList<>(list.size());
    for (Response item : list) {
      try {
        Stored s = json.readValue(item.toString(), Stored.class);
        entries.add(
            new HistoryEntry(
                s.at(), owner, s.kind(), s.amount(), s.avMaintenance(), s.mmr(), s.cause()));
      } catch (JsonProcessingException failure) {
        throw new UncheckedIOException(failure);
      }
    }
    return entries;
  }

  private String key(Address owner) {
    return prefix + owner.toLowerHex();
  }
}
