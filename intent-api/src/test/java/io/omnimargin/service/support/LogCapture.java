package io.omnimargin.service.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the service logs at ERROR (or worse) while a test runs: a handler on the root logger of the
 * test JVM, which is the service's (the JBoss log manager behind java.util.logging).
 */
public final class ErrorLog extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private ErrorLog() {
    setLevel(Level.SEVERE);
  }

  /** Starts listening; close to stop. */
  public static ErrorLog capture() {
    ErrorLog log = new ErrorLog();
    Logger.getLogger("").addHandler(log);
    return log;
  }

  /** Each record as "logger: message (thrown)". */
  public List<String> lines() {
    return records.stream()
        .map(
            r ->
                r.getLoggerName()
                    + ": "
                    + r.getMessage()
                    + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
