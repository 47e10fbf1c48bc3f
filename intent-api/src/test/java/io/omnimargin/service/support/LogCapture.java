package io.omnimargin.service.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * What the service logs at a level or above while a test runs: a handler on the root logger of the
 * test JVM, which is the service's (the JBoss log manager behind java.util.logging).
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Level least;

  private LogCapture(Level least) {
    this.least = least;
    setLevel(least);
  }

  /** Starts listening to records at {@code least} or above; close to stop. */
  public static LogCapture capture(Level least) {
    LogCapture log = new LogCapture(least);
    Logger.getLogger("").addHandler(log);
    return log;
  }

  /** Errors only (java.util.logging's SEVERE is JBoss's ERROR). */
  public static LogCapture errors() {
    return capture(Level.SEVERE);
  }

  /** Each record as "logger: message (thrown)", its parameters filled in. */
  public List<String> lines() {
    return records.stream()
        .map(
            r ->
                r.getLoggerName()
                    + ": "
                    + message(r)
                    + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
        .toList();
  }

  private static String message(LogRecord r) {
    // the service logs printf-style through JBoss logging; java.util.logging's own style else
    if (r instanceof ExtLogRecord ext && ext.getFormatStyle() == ExtLogRecord.FormatStyle.PRINTF) {
      return r.getParameters() == null
          ? r.getMessage()
          : String.format(r.getMessage(), r.getParameters());
    }
    return new SimpleFormatter().formatMessage(r);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= least.intValue()) {
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
