package io.omnimargin.margin.risk;

/** A risk configuration that must not be run; the message names the offending entry. */
public final class InvalidRiskConfigException extends RuntimeException {
  public InvalidRiskConfigException(String message) {
    super(message);
  }
}
