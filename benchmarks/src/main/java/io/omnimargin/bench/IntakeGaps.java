package io.omnimargin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Intake at one replica through a fail-over: a few senders post pre-signed, distinct intents for a
 * while, and the run is summed up by what intake answered and when: the longest stretch with no
 * {@code 202}, the answers by status (connection failures as {@code -1}), and the latency of the
 * accepted ones, whose maximum is how long a request waited for the successor. Meanwhile one reader
 * asks {@code GET /v1/auctions?limit=1} every 20 ms, a request every replica passes to the
 * workflows' owner: its longest stretch without a {@code 200} is how long the take-over kept such
 * requests waiting. Run by {@code benchmarks/run-cluster-load.sh}, which kills the owner meanwhile.
 *
 * <p>Arguments: {@code url=http://127.0.0.1:8081 seconds=20 file=intents.jsonl connections=4}.
 */
public final class IntakeGaps {
  private IntakeGaps() {}

  /** One answer: when it was sent and answered (ns since the start), and its status. */
  private record Answer(long sentNanos, long answeredNanos, int status) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args);
    URI intents = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8081") + "/v1/intents");
    long runNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("seconds", "20")));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "4"));
    List<String> bodies = Files.readAllLines(Path.of(opts.getOrDefault("file", "intents.jsonl")));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(connections + 1); // and the reader
    for (int c = 0; c < connections; c++) {
      senders.submit(
          () -> {
            while (System.nanoTime() - start < runNanos) {
              String body = bodies.get(next.getAndIncrement() % bodies.size());
              answers.add(send(http, intents, body, start));
            }
            return null;
          });
    }
    URI auctions = URI.create(intents.toString().replace("/v1/intents", "/v1/auctions?limit=1"));
    ConcurrentLinkedQueue<Answer> reads = new ConcurrentLinkedQueue<>();
    senders.submit(
        () -> {
          while (System.nanoTime() - start < runNanos) {
            reads.add(read(http, auctions, start));
            Thread.sleep(20);
          }
          return null;
        });
    senders.shutdown();
    senders.awaitTermination(runNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
    report(new ArrayList<>(answers), runNanos);
    reportReads(new ArrayList<>(reads), runNanos);
  }

  private static Answer read(HttpClient http, URI auctions, long start)
      throws InterruptedException {
    return exchange(
        http,
        HttpRequest.newBuilder(auctions).timeout(Duration.ofSeconds(30)).GET().build(),
        start);
  }

  private static Answer send(HttpClient http, URI intents, String body, long start)
      throws InterruptedException {
    return exchange(
        http,
        HttpRequest.newBuilder(intents)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        start);
  }

  private static Answer exchange(HttpClient http, HttpRequest request, long start)
      throws InterruptedException {
    long sent = System.nanoTime() - start;
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException refused) {
      status = -1;
      Thread.sleep(50); // a dead replica refuses at once: do not spin
    }
    return new Answer(sent, System.nanoTime() - start, status);
  }

  /** The longest stretch of the run without a {@code status} answer, and when it began (ns). */
  private record Gap(long nanos, long fromNanos) {
    static Gap without(List<Answer> byAnswerTime, int status, long runNanos) {
      long last = 0;
      long gap = 0;
      long gapFrom = 0;
      for (Answer a : byAnswerTime) {
        if (a.status() == status) {
          if (a.answeredNanos() - last > gap) {
            gap = a.answeredNanos() - last;
            gapFrom = last;
          }
          last = a.answeredNanos();
        }
      }
      return runNanos - last > gap ? new Gap(runNanos - last, last) : new Gap(gap, gapFrom);
    }
  }

  private static Map<Integer, Integer> byStatus(List<Answer> answers) {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    answers.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
    return byStatus;
  }

  private static void reportReads(List<Answer> reads, long runNanos) {
    reads.sort((a, b) -> Long.compare(a.answeredNanos(), b.answeredNanos()));
    Gap gap = Gap.without(reads, 200, runNanos);
    long slowest = reads.stream().mapToLong(a -> a.answeredNanos() - a.sentNanos()).max().orElse(0);
    System.out.printf(
        "reads passed to the owner (GET /v1/auctions): %s; longest stretch without a 200: %d ms,"
            + " from %.2f s; slowest read %d ms%n",
        byStatus(reads), gap.nanos() / 1_000_000, gap.fromNanos() / 1e9, slowest / 1_000_000);
  }

  private static void report(List<Answer> answers, long runNanos) {
    answers.sort((a, b) -> Long.compare(a.answeredNanos(), b.answeredNanos()));
    Gap gap = Gap.without(answers, 202, runNanos);
    long[] latencies =
        answers.stream()
            .filter(a -> a.status() == 202)
            .mapToLong(a -> a.answeredNanos() - a.sentNanos())
            .sorted()
            .toArray();
    System.out.printf(
        "answers by status (-1: no connection): %s over %.1f s%n",
        byStatus(answers), runNanos / 1e9);
    System.out.printf(
        "longest stretch without a 202: %d ms, from %.2f s%n",
        gap.nanos() / 1_000_000, gap.fromNanos() / 1e9);
    if (latencies.length > 0) {
      System.out.printf(
          "202 latency ms: p50 %.1f  p99 %.1f  max %.1f%n",
          at(latencies, 0.50), at(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }
  }

  /** The {@code q} quantile of nanosecond latencies, in milliseconds (nearest rank). */
  private static double at(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
