package io.omnimargin.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of a load run and prints what the hub allocated: bytes per operation (all
 * threads' allocation counters, end minus start, over {@code ops}) and the sites that allocate
 * most, from the sampled allocation events (weights are JFR's estimate of the bytes each sample
 * stands for). Run it with the JDK that recorded. Arguments: {@code file=rec.jfr ops=N top=20}.
 */
public final class AllocationReport {
  private AllocationReport() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = BenchArgs.parse(args);
    Path file = Path.of(opts.get("file"));
    long ops = Long.parseLong(opts.getOrDefault("ops", "1"));
    int top = Integer.parseInt(opts.getOrDefault("top", "20"));
    Map<Long, long[]> perThread = new HashMap<>(); // thread id -> {first, last}
    Map<String, Long> sites = new HashMap<>();
    Map<String, Long> types = new HashMap<>();
    long sampled = 0;
    Cpu cpu = new Cpu();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      switch (e.getEventType().getName()) {
        case "jdk.ExecutionSample" -> cpu.running(e.getStackTrace()); // running Java code
        case "jdk.NativeMethodSample" -> cpu.inNative++; // mostly threads waiting in epoll
        case "jdk.ThreadAllocationStatistics" -> {
          long allocated = e.getLong("allocated");
          long[] span =
              perThread.computeIfAbsent(
                  e.getLong("thread.javaThreadId"), t -> new long[] {allocated, allocated});
          span[0] = Math.min(span[0], allocated);
          span[1] = Math.max(span[1], allocated);
        }
        case "jdk.ObjectAllocationSample" -> {
          long weight = e.getLong("weight");
          sampled += weight;
          sites.merge(site(e.getStackTrace()), weight, Long::sum);
          types.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        }
        default -> {}
      }
    }
    long total = perThread.values().stream().mapToLong(s -> s[1] - s[0]).sum();
    System.out.printf(
        "allocated %,d bytes over %,d operations: %,d bytes per operation%n",
        total, ops, total / Math.max(1, ops));
    print(
        "allocation by first project frame (and the frame that allocated), share of sampled bytes",
        sites,
        sampled,
        top);
    print("allocation by type, share of sampled bytes", types, sampled, top);
    cpu.print(top);
  }

  /** The CPU samples: only threads running Java code count; native ones are mostly waiting. */
  private static final class Cpu {
    final Map<String, Long> top = new HashMap<>();
    final Map<String, Long> area = new HashMap<>();
    final Map<String, Long> ours = new HashMap<>();
    long samples;
    long inNative;

    void running(RecordedStackTrace stack) {
      samples++;
      top.merge(
          stack == null || stack.getFrames().isEmpty()
              ? "(no stack)"
              : name(stack.getFrames().get(0)),
          1L,
          Long::sum);
      area.merge(area(stack), 1L, Long::sum);
      ours.merge(ours(stack), 1L, Long::sum);
    }

    void print(int most) {
      System.out.printf(
          "%nthread samples running Java code: %,d (and %,d in native methods, mostly waiting:"
              + " left out below)%n",
          samples, inNative);
      AllocationReport.print(
          "CPU by what the sampled thread was doing, share of samples", area, samples, most);
      AllocationReport.print("CPU by top frame, share of samples", top, samples, most);
      AllocationReport.print(
          "CPU by the innermost method of ours on the stack, share of samples",
          ours,
          samples,
          most);
    }
  }

  /** The innermost project method a sampled stack was in, or its outermost frame if none. */
  private static String ours(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    List<RecordedFrame> frames = stack.getFrames();
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith("io.omnimargin.")) {
        return name;
      }
    }
    return "(none of ours; outermost) " + name(frames.get(frames.size() - 1));
  }

  /**
   * What a sampled stack was working on, from the innermost frame that says: our code (its
   * package), signature recovery, JSON, HTTP and sockets, or the JDK.
   */
  private static String area(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("fr.acinq.secp256k1") || type.contains("Secp256k1")) {
        return "signature recovery (secp256k1)";
      }
      if (type.startsWith("io.omnimargin.")) {
        String[] parts = type.split("\\.");
        return "omnimargin " + parts[2] + (parts.length > 4 ? "." + parts[3] : "");
      }
      if (type.startsWith("com.fasterxml.jackson")) {
        return "JSON (Jackson)";
      }
    }
    String innermost = stack.getFrames().get(0).getMethod().getType().getName();
    if (innermost.startsWith("io.netty") || innermost.startsWith("sun.nio")) {
      return "network (Netty, NIO)";
    }
    if (innermost.startsWith("io.vertx")
        || innermost.startsWith("io.quarkus")
        || innermost.startsWith("org.jboss")) {
      return "Vert.x / Quarkus";
    }
    return "other: " + innermost.replaceAll("\\.[^.]*$", "");
  }

  /** The innermost frame in our code, with the allocating frame when that is a library's. */
  private static String site(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    List<RecordedFrame> frames = stack.getFrames();
    String allocating = name(frames.get(0));
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith("io.omnimargin.")) {
        return name.equals(allocating) ? name : name + " <- " + allocating;
      }
    }
    return "(library) " + allocating;
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Long> weights, long sampled, int top) {
    System.out.println(title + ":");
    Map<String, Long> sorted = new LinkedHashMap<>();
    weights.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(en -> sorted.put(en.getKey(), en.getValue()));
    sorted.forEach(
        (k, v) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * v / Math.max(1, sampled), k));
  }
}
