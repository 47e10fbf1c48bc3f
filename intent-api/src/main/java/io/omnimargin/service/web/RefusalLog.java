package io.omnimargin.service.web;

import io.omnimargin.hub.problem.ProblemCode;
import org.jboss.logging.Logger;

/**
 * Every refusal the service answers, in the operator's log by its code: at INFO, but for rate
 * limits, which a flood would turn into a flood of lines (DEBUG). Details are what the client is
 * told; no header or body is logged.
 */
public final class RefusalLog {
  private static final Logger LOG = Logger.getLogger(RefusalLog.class);

  private RefusalLog() {}

  public static void refused(String method, String path, ProblemCode code, String detail) {
    Logger.Level level =
        code == ProblemCode.RATE_LIMITED || code == ProblemCode.TOO_MANY_OPEN_INTENTS
            ? Logger.Level.DEBUG
            : Logger.Level.INFO;
    LOG.logf(level, "%s %s refused: %s (%s)", method, path, code.code(), detail);
  }
}
