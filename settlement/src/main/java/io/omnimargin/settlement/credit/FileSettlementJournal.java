package io.omnimargin.settlement.credit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal in an append-only file, forced to disk on every write and replayed on open: the
 * laptop's durable journal (several replicas share the Redis one instead). A torn last line from a
 * crash is ignored.
 */
public final class FileSettlementJournal implements SettlementJournal, AutoCloseable {
  private final Map<String, Long> cursors = new ConcurrentHashMap<>();
  private final Map<String, String> outcomes = new ConcurrentHashMap<>();
  private final FileChannel out;

  public FileSettlementJournal(Path file) {
    try {
      if (Files.exists(file)) {
        replay(Files.readAllLines(file, StandardCharsets.UTF_8));
      } else if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      out =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open settlement journal " + file, e);
    }
  }

  private void replay(List<String> lines) {
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f.length != 3 || !line.endsWith(";")) {
        continue; // torn write
      }
      String value = f[2].substring(0, f[2].length() - 1);
      if (f[0].equals("cursor")) {
        cursors.put(f[1], Long.parseLong(value));
      } else if (f[0].equals("event")) {
        outcomes.putIfAbsent(f[1], value);
      }
    }
  }

  @Override
  public long cursor(String vaultKey, long fallback) {
    return cursors.getOrDefault(vaultKey, fallback);
  }

  @Override
  public synchronized void advance(String vaultKey, long next) {
    append("cursor " + vaultKey + " " + next + ";\n");
    cursors.put(vaultKey, next);
  }

  @Override
  public Optional<String> outcome(String eventKey) {
    return Optional.ofNullable(outcomes.get(eventKey));
  }

  @Override
  public synchronized boolean record(String eventKey, String outcome) {
    if (outcomes.containsKey(eventKey)) {
      return false;
    }
    if (eventKey.contains(" ") || outcome.contains("\n") || outcome.contains(";")) {
      throw new IllegalArgumentException("journal entries are single tokens: " + eventKey);
    }
    append("event " + eventKey + " " + outcome + ";\n");
    outcomes.put(eventKey, outcome);
    return true;
  }

  private void append(String line) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("settlement journal write failed", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
