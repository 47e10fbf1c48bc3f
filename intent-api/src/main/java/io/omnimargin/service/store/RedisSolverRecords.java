package io.omnimargin.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.auction.solver.SolverRecord;
import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.protocol.types.Address;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The solver registry's records in one Redis hash, {@code <prefix>solvers}: solver (lower hex) →
 * its record as JSON, replaced whole on each save. Every replica reads the same hash, so the one
 * that runs auctions next finds every registration, reputation and suspension.
 */
public final class RedisSolverRecords implements SolverRecords {
  /** Its own mapper: the stored form does not follow the service's JSON settings. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisCommands redis;
  private final String key;

  public RedisSolverRecords(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.key = prefix + "solvers";
  }

  /**
   * The stored form: the solver (as its field, in lower hex), the registration's fields (null when
   * it never registered; the bond a decimal integer), the counters, the response window oldest
   * first, the suspension (null when it is not suspended).
   */
  record Stored(
      String solver,
      String name,
      String bond,
      Long issuedAt,
      long awards,
      long fills,
      long fades,
      long responses,
      List<Long> recentResponseMillis,
      String suspension) {}

  @Override
  public void save(SolverRecord record) {
    saveAll(List.of(record));
  }

  /** One HSET: Redis applies a command whole, so all of them or none. */
  @Override
  public void saveAll(Collection<SolverRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(1 + 2 * records.size());
    args.add(key);
    for (SolverRecord record : records) {
      args.add(record.solver().toLowerHex());
      args.add(write(record));
    }
    redis.execute("HSET", args);
  }

  @Override
  public Collection<SolverRecord> loadAll() {
    Response all = redis.execute("HVALS", List.of(key));
    List<SolverRecord> records = new ArrayList<>(all.size());
    for (Response value : all) {
      records.add(read(value.toString()));
    }
    return records;
  }

  static String write(SolverRecord r) {
    Optional<SolverRecord.Registration> g = r.registration();
    Stored stored =
        new Stored(
            r.solver().toLowerHex(),
            g.map(SolverRecord.Registration::name).orElse(null),
            g.map(x -> x.bond().toString()).orElse(null),
            g.map(SolverRecord.Registration::issuedAt).orElse(null),
            r.awards(),
            r.fills(),
            r.fades(),
            r.responses(),
            r.recentResponseMillis(),
            r.suspension().orElse(null));
    try {
      return JSON.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SolverRecord read(String json) {
    Stored s;
    try {
      s = JSON.readValue(json, Stored.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    Optional<SolverRecord.Registration> registration =
        s.name() == null
            ? Optional.empty()
            : Optional.of(
                new SolverRecord.Registration(s.name(), new BigInteger(s.bond()), s.issuedAt()));
    return new SolverRecord(
        Address.parse(s.solver()),
        registration,
        s.awards(),
        s.fills(),
        s.fades(),
        s.responses(),
        s.recentResponseMillis() == null ? List.of() : s.recentResponseMillis(),
        Optional.ofNullable(s.suspension()));
  }
}
