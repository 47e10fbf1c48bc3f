package io.omnimargin.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.FrontedCredits.Provisional;
import io.omnimargin.settlement.credit.FrontedCredits.Repayment;
import io.omnimargin.settlement.vault.VaultEvent;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Solver fronts in two Redis hashes keyed by the deposit's event key: {@code <prefix>fronts} (open
 * fronts, with the deposit log they front) and {@code <prefix>repayments} (owed to solvers). A
 * front proven is one Lua script, so no replica ever sees it both open and repaid, or neither.
 */
public final class RedisFrontStore implements FrontStore {
  private static final LuaScript PROVEN = LuaScript.load("front-proven.lua");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisCommands redis;
  private final String fronts;
  private final String repayments;

  /**
   * @param prefix namespace of the store's keys, e.g. {@code om:settlement:}
   */
  public RedisFrontStore(RedisCommands redis, String prefix) {
    this.redis = redis;
    this.fronts = prefix + "fronts";
    this.repayments = prefix + "repayments";
  }

  /** An open front as stored: its event key (also the hash field) and the deposit's fields. */
  private record StoredFront(
      String eventKey,
      String solver,
      long frontedAt,
      long chainId,
      String vault,
      String depositId,
      String account,
      String token,
      String amount,
      long blockNumber,
      String blockHash,
      String txHash) {}

  /** A repayment as stored. */
  private record StoredRepayment(
      String eventKey, String solver, long chainId, String token, String amount) {}

  @Override
  public List<Provisional> openFronts() {
    List<Provisional> open = new ArrayList<>();
    for (Response value : redis.execute("HVALS", List.of(fronts))) {
      open.add(front(read(value.toString(), StoredFront.class)));
    }
    open.sort(Comparator.comparingLong(Provisional::frontedAt));
    return open;
  }

  @Override
  public List<Repayment> repayments() {
    List<Repayment> owed = new ArrayList<>();
    for (Response value : redis.execute("HVALS", List.of(repayments))) {
      StoredRepayment r = read(value.toString(), StoredRepayment.class);
      owed.add(
          new Repayment(
              r.eventKey(),
              Address.parse(r.solver()),
              r.chainId(),
              Address.parse(r.token()),
              new BigInteger(r.amount())));
    }
    return owed;
  }

  @Override
  public void opened(Provisional front) {
    VaultEvent d = front.deposit();
    if (d.kind() != VaultEvent.Kind.LOCKED) {
      throw new IllegalArgumentException("only deposits are fronted: " + d.key());
    }
    StoredFront stored =
        new StoredFront(
            front.eventKey(),
            front.solver().toLowerHex(),
            front.frontedAt(),
            d.chainId(),
            d.vault().toLowerHex(),
            d.id(),
            d.account().toLowerHex(),
            d.token().toLowerHex(),
            d.amount().toString(),
            d.blockNumber(),
            d.blockHash().toHex(),
            d.transactionHash());
    redis.execute("HSET", List.of(fronts, front.eventKey(), write(stored)));
  }

  /** One script: the front is removed and the repayment added (kept if already owed). */
  @Override
  public void proven(Provisional front, Repayment repayment) {
    StoredRepayment stored =
        new StoredRepayment(
            repayment.eventKey(),
            repayment.solver().toLowerHex(),
            repayment.chainId(),
            repayment.token().toLowerHex(),
            repayment.amount().toString());
    PROVEN.run(
        redis,
        List.of(fronts, repayments),
        List.of(front.eventKey(), repayment.eventKey(), write(stored)));
  }

  /** One HDEL for all of them: Redis applies a command whole. */
  @Override
  public void withdrawn(List<Provisional> withdrawn) {
    if (withdrawn.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(1 + withdrawn.size());
    args.add(fronts);
    withdrawn.forEach(f -> args.add(f.eventKey()));
    redis.execute("HDEL", args);
  }

  private static Provisional front(StoredFront f) {
    VaultEvent deposit =
        new VaultEvent(
            VaultEvent.Kind.LOCKED,
            f.chainId(),
            Address.parse(f.vault()),
            f.depositId(),
            Address.parse(f.account()),
            Address.parse(f.token()),
            new BigInteger(f.amount()),
            f.blockNumber(),
            Bytes32.fromHex(f.blockHash()),
            f.txHash());
    return new Provisional(f.eventKey(), Address.parse(f.solver()), deposit, f.frontedAt());
  }

  private static String write(Object stored) {
    try {
      return JSON.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
