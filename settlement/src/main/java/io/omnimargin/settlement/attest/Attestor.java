package io.omnimargin.settlement.attest;

import io.omnimargin.protocol.types.Bytes32;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * k-of-n attestation of a source chain's block hashes. A hash is accepted when at least {@code k}
 * sources give it and no source gives another: a single dissenting source is enough to stop
 * trusting the route, because a fork or a lying adapter looks exactly like that. Disagreement marks
 * the route not live and emits a {@link RouteHealthEvent}; the next height on which the sources
 * agree again brings it back.
 */
public final class Attestor {
  private final long chainId;
  private final int k;
  private final List<BlockHashSource> sources;
  private final Consumer<RouteHealthEvent> health;
  private final RouteObserver observer;
  private boolean live = true;
  private volatile Attestation last;

  /** The latest disagreements, newest first, at most {@link #DISPUTES_KEPT}. */
  private final Deque<Attestation.Disputed> disputes = new ArrayDeque<>();

  /** How many disagreements {@link #disputes()} remembers. */
  public static final int DISPUTES_KEPT = 10;

  public Attestor(
      long chainId, int k, List<BlockHashSource> sources, Consumer<RouteHealthEvent> health) {
    this(chainId, k, sources, health, RouteObserver.NONE);
  }

  /** An attestor that also reports each disagreement to {@code observer}. */
  public Attestor(
      long chainId,
      int k,
      List<BlockHashSource> sources,
      Consumer<RouteHealthEvent> health,
      RouteObserver observer) {
    if (sources.isEmpty() || k < 1 || k > sources.size()) {
      throw new IllegalArgumentException(
          "chain " + chainId + ": need 1 ≤ k ≤ n, got k=" + k + " n=" + sources.size());
    }
    this.chainId = chainId;
    this.k = k;
    this.sources = List.copyOf(sources);
    this.health = health;
    this.observer = observer;
  }

  public long chainId() {
    return chainId;
  }

  public synchronized boolean live() {
    return live;
  }

  /** k: the sources that must agree. */
  public int quorum() {
    return k;
  }

  /** The sources' ids, in the order they are asked. */
  public List<String> sourceIds() {
    return sources.stream().map(BlockHashSource::id).toList();
  }

  /** What the sources said at the last height asked, if any was. */
  public Optional<Attestation> last() {
    return Optional.ofNullable(last);
  }

  /** The latest heights on which the sources disagreed, newest first. */
  public synchronized List<Attestation.Disputed> disputes() {
    return List.copyOf(disputes);
  }

  /** Asks every source for the hash at {@code number} and decides. */
  public Attestation attest(long number) {
    Attestation decided = decide(number);
    last = decided;
    if (decided instanceof Attestation.Disputed d) {
      synchronized (this) {
        disputes.addFirst(d);
        while (disputes.size() > DISPUTES_KEPT) {
          disputes.removeLast();
        }
      }
    }
    return decided;
  }

  private Attestation decide(long number) {
    Map<String, Bytes32> views = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (BlockHashSource source : sources) {
      try {
        Optional<Bytes32> hash = source.blockHash(number);
        if (hash.isPresent()) {
          views.put(source.id(), hash.get());
        } else {
          errors.put(source.id(), "no block " + number + " yet");
        }
      } catch (RuntimeException e) {
        errors.put(source.id(), String.valueOf(e.getMessage()));
      }
    }
    Map<Bytes32, List<String>> byHash = new HashMap<>();
    views.forEach((id, hash) -> byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(id));
    if (byHash.size() > 1) {
      observer.disagreement(chainId, number);
      setLive(false, "adapters disagree on block " + number + ": " + views);
      return new Attestation.Disputed(chainId, number, views);
    }
    if (views.size() < k) {
      return new Attestation.Unavailable(chainId, number, views.size(), k, errors);
    }
    Map.Entry<Bytes32, List<String>> agreed = byHash.entrySet().iterator().next();
    setLive(true, k + " of " + sources.size() + " adapters agree again at block " + number);
    return new Attestation.Attested(chainId, number, agreed.getKey(), agreed.getValue());
  }

  /**
   * The highest block at least {@code k} sources consider final: the k-th highest of their answers,
   * so that no single source can push finality forward.
   */
  public long finalizedBlock() {
    List<Long> heights = new ArrayList<>();
    for (BlockHashSource source : sources) {
      try {
        heights.add(source.finalizedBlock());
      } catch (RuntimeException e) {
        // a source that cannot answer does not vote
      }
    }
    if (heights.size() < k) {
      return -1;
    }
    heights.sort((a, b) -> Long.compare(b, a));
    return heights.get(k - 1);
  }

  private void setLive(boolean now, String reason) {
    boolean changed;
    synchronized (this) {
      changed = live != now;
      live = now;
    }
    if (changed) {
      health.accept(new RouteHealthEvent(chainId, now, reason));
    }
  }
}
