package io.omnimargin.service.margin.stream;

/**
 * Message metadata in which the consumer reports what an input did, so that a caller that waited
 * for the acknowledgement (an HTTP push) can answer with it.
 */
public final class Applied {
  private volatile int revalued;

  public int revalued() {
    return revalued;
  }

  void revalued(int count) {
    this.revalued = count;
  }
}
