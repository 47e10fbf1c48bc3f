package io.omnimargin.service.store;

import io.omnimargin.cluster.partition.OutboundLeg;
import io.omnimargin.cluster.partition.OutboundLegJson;
import io.omnimargin.cluster.partition.PartitionCommit;
import io.omnimargin.cluster.partition.PartitionState;
import io.omnimargin.cluster.partition.PartitionStore;
import io.omnimargin.cluster.partition.Reservation;
import io.omnimargin.cluster.partition.ReservationJson;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.AccountJson;
import io.omnimargin.protocol.types.Address;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ledger partitions in Redis, each under its own hash tag: {@code <prefix>ledger:{p}} (account →
 * JSON), {@code …:epoch}, {@code …:offset}, {@code …:applied} (a sorted set of the keys of the legs
 * and payouts p applied, scored by when), {@code …:outbox} (leg key → JSON) and {@code …:reserved}
 * (reservation key → JSON). A commit is one script, fenced by the epoch; loading all partitions is
 * one script too, so the ledger view reads one instant (on one Redis server: the keys of several
 * partitions are in several cluster slots).
 */
public final class RedisPartitionStore implements PartitionStore {
  private static final LuaScript COMMIT = LuaScript.load("partition-commit.lua");
  private static final LuaScript LOAD = LuaScript.load("partition-load.lua");
  private static final LuaScript ACCOUNT = LuaScript.load("partition-account.lua");
  private static final LuaScript ACCOUNTS = LuaScript.load("partition-accounts.lua");
  private static final LuaScript MARKS = LuaScript.load("partition-marks.lua");
  private static final LuaScript LEDGER = LuaScript.load("partition-ledger.lua");
  private static final LuaScript ACCOUNT_FIELDS = LuaScript.load("partition-account-fields.lua");
  private static final LuaScript FUNDING_BOOKS = LuaScript.load("partition-funding-books.lua");

  private final RedisCommands redis;
  private final String prefix;

  public RedisPartitionStore(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public long takeOver(int partition) {
    return redis.execute("INCR", List.of(key(partition, ":epoch"))).toLong();
  }

  @Override
  public PartitionState load(int partition) {
    return read(List.of(partition)).get(0);
  }

  @Override
  public List<PartitionState> loadAll(int partitions) {
    List<Integer> all = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      all.add(p);
    }
    return read(all);
  }

  @Override
  public List<Account> accounts(int partitions) {
    List<String> keys = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      keys.add(key(p, ""));
    }
    List<Account> all = new ArrayList<>();
    for (Response partition : ACCOUNTS.run(redis, keys, List.of())) {
      for (Response json : partition) {
        all.add(AccountJson.read(json.toString()));
      }
    }
    return all;
  }

  @Override
  public StoredLedger ledger(int partitions) {
    List<String> keys = new ArrayList<>(3 * partitions);
    for (int p = 0; p < partitions; p++) {
      keys.add(key(p, ""));
      keys.add(key(p, ":outbox"));
      keys.add(key(p, ":applied"));
    }
    List<Account> accounts = new ArrayList<>();
    List<OutboundLeg> inFlight = new ArrayList<>();
    for (Response partition : LEDGER.run(redis, keys, List.of())) {
      for (Response json : partition.get(0)) {
        accounts.add(AccountJson.read(json.toString()));
      }
      for (Response json : partition.get(1)) {
        inFlight.add(OutboundLegJson.read(json.toString()));
      }
    }
    return new StoredLedger(accounts, inFlight);
  }

  @Override
  public Map<Integer, Account> accountsAt(Map<Integer, Address> where) {
    List<Integer> order = new ArrayList<>(where.keySet());
    if (order.isEmpty()) {
      return Map.of();
    }
    List<String> keys = new ArrayList<>(order.size());
    List<String> fields = new ArrayList<>(order.size());
    for (int p : order) {
      keys.add(key(p, ""));
      fields.add(where.get(p).toLowerHex());
    }
    Response all = ACCOUNT_FIELDS.run(redis, keys, fields);
    Map<Integer, Account> found = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      Response json = all.get(i);
      Address owner = where.get(order.get(i));
      found.put(
          order.get(i), json == null ? Account.empty(owner) : AccountJson.read(json.toString()));
    }
    return found;
  }

  @Override
  public Map<Integer, Mark> marks(java.util.Collection<Integer> partitions) {
    List<Integer> order = new ArrayList<>(partitions);
    if (order.isEmpty()) {
      return Map.of();
    }
    List<String> keys = new ArrayList<>(2 * order.size());
    for (int p : order) {
      keys.add(key(p, ":offset"));
      keys.add(key(p, ":outbox"));
    }
    Response all = MARKS.run(redis, keys, List.of());
    Map<Integer, Mark> marks = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      Response r = all.get(i);
      Set<String> outbox = new java.util.HashSet<>();
      for (Response key : r.get(1)) {
        outbox.add(key.toString());
      }
      marks.put(order.get(i), new Mark(Long.parseLong(r.get(0).toString()), outbox));
    }
    return marks;
  }

  @Override
  public StoredAccount account(int partition, Address owner) {
    String hex = owner.toLowerHex();
    Response r =
        ACCOUNT.run(
            redis, List.of(key(partition, ""), key(partition, ":reserved")), List.of(hex, hex));
    Account account =
        r.get(0) == null ? Account.empty(owner) : AccountJson.read(r.get(0).toString());
    List<Reservation> held = new ArrayList<>();
    for (Response json : r.get(1)) {
      held.add(ReservationJson.read(json.toString()));
    }
    return new StoredAccount(account, held);
  }

  @Override
  public Set<String> applied(int partition, java.util.Collection<String> legKeys) {
    if (legKeys.isEmpty()) {
      return Set.of();
    }
    List<String> asked = new ArrayList<>(legKeys);
    List<String> args = new ArrayList<>(asked.size() + 1);
    args.add(key(partition, ":applied"));
    args.addAll(asked);
    Response found = redis.execute("ZMSCORE", args);
    Set<String> applied = new HashSet<>();
    for (int i = 0; i < asked.size(); i++) {
      if (found.get(i) != null) {
        applied.add(asked.get(i));
      }
    }
    return applied;
  }

  @Override
  public boolean commit(long epoch, PartitionCommit commit) {
    int p = commit.partition();
    List<String> keys =
        List.of(
            key(p, ""),
            key(p, ":epoch"),
            key(p, ":offset"),
            key(p, ":applied"),
            key(p, ":outbox"),
            key(p, ":reserved"),
            key(p, ":funding"));
    try {
      COMMIT.run(redis, keys, args(epoch, commit));
      return true;
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("FENCED")) {
        return false;
      }
      if (e.getMessage() != null && e.getMessage().startsWith("DIVERGED")) {
        throw new PartitionStore.DivergedStore(e.getMessage());
      }
      throw e;
    }
  }

  /** The commit script's arguments, in partition-commit.lua's order. */
  private static List<String> args(long epoch, PartitionCommit commit) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(epoch));
    args.add(Long.toString(commit.follows()));
    args.add(Long.toString(commit.offset()));
    args.add(Integer.toString(commit.accounts().size()));
    args.add(Integer.toString(commit.appliedLegs().size()));
    args.add(Integer.toString(commit.outboxAdded().size()));
    args.add(Integer.toString(commit.outboxRemoved().size()));
    args.add(Integer.toString(commit.reserved().size()));
    args.add(Integer.toString(commit.released().size()));
    args.add(Integer.toString(commit.funding().size()));
    args.add(Long.toString(commit.pruneBefore()));
    commit
        .accounts()
        .forEach((owner, account) -> pair(args, owner.toLowerHex(), AccountJson.write(account)));
    commit.appliedLegs().forEach((key, at) -> pair(args, key, Long.toString(at)));
    commit.outboxAdded().forEach((key, out) -> pair(args, key, OutboundLegJson.write(out)));
    args.addAll(commit.outboxRemoved());
    commit.reserved().forEach((key, held) -> pair(args, key, ReservationJson.write(held)));
    args.addAll(commit.released());
    commit.funding().forEach((field, value) -> pair(args, field, value));
    return args;
  }

  private static void pair(List<String> args, String field, String value) {
    args.add(field);
    args.add(value);
  }

  private List<PartitionState> read(List<Integer> partitions) {
    List<String> keys = new ArrayList<>(6 * partitions.size());
    for (int p : partitions) {
      keys.addAll(
          List.of(
              key(p, ""),
              key(p, ":offset"),
              key(p, ":applied"),
              key(p, ":outbox"),
              key(p, ":reserved"),
              key(p, ":funding")));
    }
    Response all = LOAD.run(redis, keys, List.of());
    List<PartitionState> states = new ArrayList<>(partitions.size());
    for (int i = 0; i < partitions.size(); i++) {
      states.add(state(partitions.get(i), all.get(i)));
    }
    return states;
  }

  private static PartitionState state(int partition, Response r) {
    Map<Address, Account> accounts = new HashMap<>();
    for (Response json : r.get(1)) {
      Account a = AccountJson.read(json.toString());
      accounts.put(a.owner(), a);
    }
    Map<String, Long> applied = new HashMap<>();
    Response scored = r.get(2);
    for (int i = 0; i + 1 < scored.size(); i += 2) {
      applied.put(
          scored.get(i).toString(), (long) Double.parseDouble(scored.get(i + 1).toString()));
    }
    Map<String, OutboundLeg> outbox = new HashMap<>();
    for (Response json : r.get(3)) {
      OutboundLeg out = OutboundLegJson.read(json.toString());
      outbox.put(out.leg().key(), out);
    }
    Map<String, Reservation> reservations = new HashMap<>();
    for (Response json : r.get(4)) {
      Reservation held = ReservationJson.read(json.toString());
      reservations.put(held.key(), held);
    }
    Map<String, String> funding = pairs(r.get(5));
    return new PartitionState(
        partition,
        Long.parseLong(r.get(0).toString()),
        accounts,
        applied,
        outbox,
        reservations,
        funding);
  }

  @Override
  public FundingDecision decideFunding(String market, long intervalEnd, FundingDecision proposed) {
    // SET NX GET: keeps the proposal unless a decision is kept, and answers the one kept before
    Response kept =
        redis.execute(
            "SET", List.of(decisionKey(market, intervalEnd), proposed.write(), "NX", "GET"));
    return kept == null ? proposed : FundingDecision.read(kept.toString());
  }

  @Override
  public java.util.Optional<FundingDecision> decided(String market, long intervalEnd) {
    Response kept = redis.execute("GET", List.of(decisionKey(market, intervalEnd)));
    return kept == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(FundingDecision.read(kept.toString()));
  }

  @Override
  public List<Map<String, String>> fundingBooks(int partitions) {
    List<String> keys = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      keys.add(key(p, ":funding"));
    }
    Response all = FUNDING_BOOKS.run(redis, keys, List.of());
    List<Map<String, String>> books = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      books.add(pairs(all.get(p)));
    }
    return books;
  }

  private String decisionKey(String market, long intervalEnd) {
    return prefix + "funding:" + market + ":" + intervalEnd;
  }

  /** A flat HGETALL reply as a map. */
  private static Map<String, String> pairs(Response flat) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return map;
  }

  private String key(int partition, String suffix) {
    return prefix + "ledger:{" + partition + "}" + suffix;
  }
}
