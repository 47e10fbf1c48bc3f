package io.omnimargin.hub.problem;

/**
 * The service's one error vocabulary: a stable machine code (the RFC 9457 {@code code} member and
 * the last segment of {@code type}), the HTTP status, and a human title.
 */
public enum ProblemCode {
  MALFORMED_JSON(400, "Malformed JSON"),
  INVALID_FIELD(400, "Invalid field"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  REQUEST_TIMEOUT(408, "Request body not received in time"),
  WRONG_DOMAIN(422, "Signed for another EIP-712 domain"),
  BAD_SIGNATURE(400, "Bad signature"),
  HIGH_S(400, "High-s signature"),
  SIGNER_MISMATCH(403, "Signer is not the order's user"),
  EXPIRED(422, "Order expired"),
  NONCE_REUSED(409, "Nonce already used"),
  UNKNOWN_ORDER_TYPE(422, "Unknown order data type"),
  UNKNOWN_MARKET(422, "Unknown market"),
  RATE_LIMITED(429, "Rate limited"),
  TOO_MANY_OPEN_INTENTS(429, "Too many open intents"),
  NOT_FOUND(404, "Not found"),
  UNKNOWN_ASSET(404, "Unknown asset"),
  UNKNOWN_ROUTE(404, "No route for this chain"),
  TOO_MANY_PRICE_SOURCES(422, "Too many price sources for this asset"),
  INSUFFICIENT_MARGIN(422, "Insufficient margin"),
  INSUFFICIENT_CASH(422, "Cash does not cover the payout"),
  INSUFFICIENT_LIQUIDITY(422, "The settlement pool cannot pay this out on this chain"),
  STALE_PRICE(422, "Stale price"),
  FUTURE_PUBLISH_TIME(422, "Price published in the future"),
  NOT_REDUCING(422, "Reduce-only order would not reduce"),
  NOT_COLLATERAL(422, "Not accepted as collateral"),
  ROUTE_CONCENTRATION(422, "Route concentration cap reached"),
  DEV_MODE_DISABLED(403, "Development endpoint disabled"),
  UNAUTHORIZED(401, "Unauthorized"),
  ALREADY_AWARDED(409, "Already awarded"),
  ALREADY_FILLED(409, "Already filled"),
  NOT_CANCELLABLE(409, "Not cancellable"),
  INTENT_CLOSED(409, "Intent already closed"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  SOLVER_NOT_ALLOWED(403, "Solver not on the operator's allow-list"),
  DEPOSIT_NOT_FOUND(422, "No such deposit"),
  DEPOSIT_ALREADY_SETTLED(409, "Deposit already settled"),
  DEPOSIT_ALREADY_FRONTED(409, "Deposit already fronted"),
  SOLVER_FRONT_LIMIT(429, "Too many unproven fronts"),
  BID_REJECTED(422, "Bid rejected"),
  NOT_THE_WINNER(403, "Not the awarded solver"),
  FILL_MISMATCH(422, "Fill does not match the award"),
  LIQUIDATION_BLOCKED(409, "Liquidation blocked"),
  LIQUIDATION_CLOSED(409, "Liquidation closed"),
  PRICE_WORSE_THAN_BANKRUPTCY(422, "Price worse than the bankruptcy price"),
  SELF_TRADE(422, "Self-trade"),
  REGISTRATION_REFUSED(403, "Solver registration refused"),
  UPGRADE_REQUIRED(426, "WebSocket upgrade required"),
  HELLO_REQUIRED(409, "Session not opened with a hello"),
  SESSION_TOO_SLOW(429, "Session not reading its messages"),
  OWNER_UNAVAILABLE(503, "The ledger's owner is not reachable now"),
  INTERNAL_ERROR(500, "Internal error");

  private final int httpStatus;
  private final String title;

  ProblemCode(int httpStatus, String title) {
    this.httpStatus = httpStatus;
    this.title = title;
  }

  /** The stable wire form: {@code nonce-reused}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String title() {
    return title;
  }
}
