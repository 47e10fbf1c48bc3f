package io.omnimargin.service.fuzz;

/**
 * What the service may answer to one hostile request. The generators set it from what they did: a
 * change that no reading of the API could accept is {@link #REFUSED}; one that may well be harmless
 * (a key's case, an extra member where the API ignores extras, another valid number) is {@link
 * #ANY}, so that the fuzzer never calls an honest answer wrong.
 */
enum Expect {
  /** A 2xx, or a typed 4xx problem. */
  ANY,
  /** A typed 4xx problem: the request is wrong whatever the endpoint does with it. */
  REFUSED,
  /**
   * The client stopped half-way and closed its side: a typed 4xx, or the connection closed without
   * an answer (there is nobody left to answer).
   */
  NO_ANSWER,
  /**
   * Not HTTP/1.1 (a header line without a colon, a NUL, two Content-Lengths): the transport refuses
   * it before any route runs, with a bare 400, 413, 414 or 431 and no body, or a typed 4xx. Vert.x
   * answers these itself and Quarkus offers no hook to type them; no body means nothing leaks.
   */
  TRANSPORT;

  /** The stronger of two expectations: the transport's, then the half-closed, then a refusal. */
  Expect and(Expect other) {
    if (this == TRANSPORT || other == TRANSPORT) {
      return TRANSPORT;
    }
    if (this == NO_ANSWER || other == NO_ANSWER) {
      return NO_ANSWER;
    }
    return this == REFUSED || other == REFUSED ? REFUSED : ANY;
  }

  static Expect refusedIf(boolean refused) {
    return refused ? REFUSED : ANY;
  }
}
