package io.omnimargin.service.store;

import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.Cursors;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentCodec;
import io.omnimargin.hub.intent.IntentPage;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.vertx.mutiny.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Intents in Redis. Acceptance and status changes are Lua scripts, so each is one atomic step on
 * the server: replicas sharing this Redis can never accept one (user, nonce) twice.
 */
public final class RedisIntentStore implements IntentStore {
  private static final LuaScript ACCEPT = LuaScript.load("accept.lua");
  private static final LuaScript TRANSITION = LuaScript.load("transition.lua");
  private static final LuaScript FIND = LuaScript.load("find.lua");
  private static final LuaScript FIND_MANY = LuaScript.load("find-many.lua");
  private static final int FIND_BATCH = 256;

  /** Scripts in flight while the live intents are read (a take-over, a start-up). */
  private static final int LIVE_READERS = 4;

  private static final int SCAN_BATCH = 64;

  private final RedisCommands redis;
  private final String prefix;

  /**
   * @param prefix namespace for every key, e.g. {@code om:}
   */
  public RedisIntentStore(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public AcceptOutcome accept(Intent intent, int maxLivePerUser) {
    String id = intent.id().toHex();
    String user = intent.order().user().toLowerHex();
    Response reply =
        ACCEPT.run(
            redis,
            List.of(
                intentKey(id),
                historyKey(id),
                prefix + "nonces:" + user,
                userKey(user),
                liveKey(user),
                expiryKey(),
                prefix + "seq",
                liveKey(),
                openKey()),
            List.of(
                id,
                intent.order().nonce().toString(),
                Integer.toString(maxLivePerUser),
                IntentCodec.document(intent),
                IntentCodec.historyEntry(intent.history().get(0)),
                Long.toString(intent.order().openDeadline()),
                intent.status().name(),
                Long.toString(intent.acceptedAt().toEpochMilli()),
                user));
    return switch (reply.get(0).toString()) {
      case "ACCEPTED" ->
          new AcceptOutcome.Accepted(intent.withSequence(Long.parseLong(reply.get(1).toString())));
      case "DUPLICATE" -> new AcceptOutcome.Duplicate(find(intent.id()).orElseThrow());
      case "NONCE_REUSED" -> new AcceptOutcome.NonceReused(OrderId.parse(reply.get(1).toString()));
      case "TOO_MANY_OPEN" ->
          new AcceptOutcome.TooManyOpen(Integer.parseInt(reply.get(1).toString()));
      default -> throw new IllegalStateException("unexpected accept reply " + reply);
    };
  }

  @Override
  public Optional<Intent> find(OrderId id) {
    String hex = id.toHex();
    Response reply = FIND.run(redis, List.of(intentKey(hex), historyKey(hex)), List.of());
    if (reply == null || reply.size() == 0) {
      return Optional.empty();
    }
    return Optional.of(read(reply));
  }

  private static Intent read(Response reply) {
    return read(reply, 0);
  }

  /** An intent as {@code find.lua} answers it: document, sequence, history, from {@code at}. */
  private static Intent read(Response reply, int at) {
    List<String> history = new ArrayList<>(reply.get(at + 2).size());
    for (Response entry : reply.get(at + 2)) {
      history.add(entry.toString());
    }
    return IntentCodec.read(
        reply.get(at).toString(), Long.parseLong(reply.get(at + 1).toString()), history);
  }

  @Override
  public IntentPage listByUser(
      Address user, Optional<IntentStatus> status, Optional<String> cursor, int limit) {
    String max = cursor.map(c -> "(" + Cursors.parse(c)).orElse("+inf");
    List<Intent> items = new ArrayList<>();
    while (true) {
      Response ids =
          redis.execute(
              "ZREVRANGEBYSCORE",
              List.of(
                  userKey(user.toLowerHex()),
                  max,
                  "-inf",
                  "LIMIT",
                  "0",
                  Integer.toString(SCAN_BATCH)));
      for (Response member : ids) {
        Intent intent = find(OrderId.parse(member.toString())).orElseThrow();
        max = "(" + intent.sequence(); // the score is the sequence
        if (status.isPresent() && status.get() != intent.status()) {
          continue;
        }
        if (items.size() == limit) {
          return new IntentPage(items, Optional.of(Cursors.of(items.get(limit - 1).sequence())));
        }
        items.add(intent);
      }
      if (ids.size() < SCAN_BATCH) {
        return new IntentPage(items, Optional.empty());
      }
    }
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** One script: the status moves and the intent comes back as it then stands. */
  @Override
  public TransitionOutcome transition(OrderId id, Set<IntentStatus> from, StatusChange change) {
    return outcome(run(List.of(id), from, change, true).get(0));
  }

  /** {@value #FIND_BATCH} intents per script, each moved as {@link #transition}, none read back. */
  @Override
  public List<Boolean> moveAll(List<OrderId> ids, Set<IntentStatus> from, StatusChange change) {
    List<Boolean> moved = new ArrayList<>(ids.size());
    run(ids, from, change, false).forEach(r -> moved.add("APPLIED".equals(r.get(0).toString())));
    return moved;
  }

  private List<Response> run(
      List<OrderId> ids, Set<IntentStatus> from, StatusChange change, boolean answer) {
    List<String> args =
        List.of(
            from.stream().map(Enum::name).collect(Collectors.joining(",")),
            change.status().name(),
            IntentCodec.historyEntry(change),
            change.status().isLive() ? "1" : "0",
            IntentStatus.NOT_YET_TAKEN.contains(change.status()) ? "1" : "0",
            prefix + "user:",
            answer ? "1" : "0");
    List<Response> replies = new ArrayList<>(ids.size());
    for (int at = 0; at < ids.size(); at += FIND_BATCH) {
      List<OrderId> batch = ids.subList(at, Math.min(ids.size(), at + FIND_BATCH));
      List<String> keys = new ArrayList<>(3 + 2 * batch.size());
      keys.addAll(List.of(expiryKey(), liveKey(), openKey()));
      List<String> argv = new ArrayList<>(args);
      for (OrderId id : batch) {
        String hex = id.toHex();
        keys.add(intentKey(hex));
        keys.add(historyKey(hex));
        argv.add(hex);
      }
      for (Response reply : TRANSITION.run(redis, keys, argv)) {
        replies.add(reply);
      }
    }
    return replies;
  }

  private static TransitionOutcome outcome(Response reply) {
    return switch (reply.get(0).toString()) {
      case "APPLIED" -> new TransitionOutcome.Applied(read(reply, 1));
      case "REFUSED" -> new TransitionOutcome.Refused(read(reply, 1));
      case "NOT_FOUND" -> new TransitionOutcome.NotFound();
      default -> throw new IllegalStateException("unexpected transition reply " + reply);
    };
  }

  @Override
  public List<Intent> findAll(Collection<OrderId> ids) {
    List<Intent> found = new ArrayList<>(ids.size());
    for (List<String> batch : batches(ids.stream().map(OrderId::toHex).toList())) {
      found.addAll(findMany(batch));
    }
    return found;
  }

  /** The intents' keys, each hash then its history, {@value #FIND_BATCH} intents per script. */
  private List<List<String>> batches(Iterable<String> hexIds) {
    List<List<String>> batches = new ArrayList<>();
    List<String> keys = new ArrayList<>(2 * FIND_BATCH);
    for (String hex : hexIds) {
      keys.add(intentKey(hex));
      keys.add(historyKey(hex));
      if (keys.size() == 2 * FIND_BATCH) {
        batches.add(keys);
        keys = new ArrayList<>(2 * FIND_BATCH);
      }
    }
    if (!keys.isEmpty()) {
      batches.add(keys);
    }
    return batches;
  }

  @Override
  public List<Intent> live() {
    List<Intent> live = new ArrayList<>();
    live(live::addAll);
    return live;
  }

  @Override
  public void live(Consumer<List<Intent>> page) {
    List<String> ids = new ArrayList<>();
    for (Response id : redis.execute("SMEMBERS", List.of(liveKey()))) {
      ids.add(id.toString());
    }
    List<List<String>> batches = batches(ids);
    if (batches.size() <= 1) {
      batches.forEach(batch -> page.accept(findMany(batch)));
      return;
    }
    // a take-over reads tens of thousands: a few scripts in flight at once, so that Redis, the
    // network and the decoding of the replies overlap instead of taking turns; no more read ahead
    // than that, so that a slow page does not pile the rest up in memory
    ExecutorService readers =
        Executors.newFixedThreadPool(LIVE_READERS, NamedThreads.daemon("live-intents-reader"));
    try {
      java.util.ArrayDeque<Future<List<Intent>>> reading = new java.util.ArrayDeque<>();
      int next = 0;
      while (next < batches.size() || !reading.isEmpty()) {
        while (next < batches.size() && reading.size() < 2 * LIVE_READERS) {
          List<String> batch = batches.get(next++);
          reading.add(readers.submit(() -> findMany(batch)));
        }
        page.accept(reading.poll().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the live intents", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      readers.shutdownNow();
    }
  }

  /** A few hundred intents per script: a take-over reads tens of thousands. */
  private List<Intent> findMany(List<String> keys) {
    List<Intent> found = new ArrayList<>(keys.size() / 2);
    for (Response reply : FIND_MANY.run(redis, keys, List.of())) {
      if (reply != null && reply.size() > 0) {
        found.add(read(reply));
      }
    }
    return found;
  }

  /** From the index of open intents: the stranded-intent sweep need not read every live one. */
  @Override
  public List<Intent> openAcceptedBefore(Instant before) {
    Response ids =
        redis.execute("ZRANGEBYSCORE", List.of(openKey(), "-inf", "(" + before.toEpochMilli()));
    Set<String> listed = new HashSet<>();
    List<OrderId> open = new ArrayList<>(ids.size());
    for (Response id : ids) {
      listed.add(id.toString());
      open.add(OrderId.parse(id.toString()));
    }
    List<Intent> found = findAll(open);
    found.stream()
        .filter(i -> i.status() == IntentStatus.OPEN)
        .forEach(i -> listed.remove(i.id().toHex()));
    if (!listed.isEmpty()) { // gone, or moved on by a version that did not keep the index
      List<String> args = new ArrayList<>(List.of(openKey()));
      args.addAll(listed);
      redis.execute("ZREM", args);
    }
    return found.stream()
        .filter(i -> i.status() == IntentStatus.OPEN && i.acceptedAt().isBefore(before))
        .toList();
  }

  /**
   * Adds every live intent still OPEN to the index: those a version before it accepted. Once per
   * store, not per owner: a mark says it was done, so a later take-over does not read every live
   * intent a second time. Answers how many intents the index holds.
   */
  @Override
  public int indexOpen() {
    String filled = openKey() + ":filled";
    if (redis.execute("EXISTS", List.of(filled)).toInteger() == 0) {
      List<String> args = new ArrayList<>(List.of(openKey()));
      for (Intent intent : live()) {
        if (intent.status() == IntentStatus.OPEN) {
          args.add(Long.toString(intent.acceptedAt().toEpochMilli()));
          args.add(intent.id().toHex());
        }
      }
      if (args.size() > 1) {
        redis.execute("ZADD", args);
      }
      redis.execute("SET", List.of(filled, "1")); // after the fill: one that failed is done again
    }
    return redis.execute("ZCARD", List.of(openKey())).toInteger();
  }

  @Override
  public List<OrderId> pastOpenDeadline(long epochSecond, int limit) {
    Response ids =
        redis.execute(
            "ZRANGEBYSCORE",
            List.of(expiryKey(), "-inf", "(" + epochSecond, "LIMIT", "0", Integer.toString(limit)));
    List<OrderId> due = new ArrayList<>(ids.size());
    for (Response id : ids) {
      due.add(OrderId.parse(id.toString()));
    }
    return due;
  }

  private String intentKey(String id) {
    return prefix + "intent:" + id;
  }

  private String historyKey(String id) {
    return prefix + "intent:" + id + ":history";
  }

  private String userKey(String user) {
    return prefix + "user:" + user + ":intents";
  }

  private String liveKey(String user) {
    return prefix + "user:" + user + ":live";
  }

  private String liveKey() {
    return prefix + "live";
  }

  /** The intents still {@code OPEN}, scored by their acceptance in epoch milliseconds. */
  private String openKey() {
    return prefix + "open";
  }

  private String expiryKey() {
    return prefix + "expiry";
  }
}
