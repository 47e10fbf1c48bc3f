package io.omnimargin.protocol.session;

/** A session message (or bid/fill body) that cannot be read, and why, naming the field. */
public final class MalformedMessage extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, each kind one problem code of the hub's. */
  public enum Kind {
    MALFORMED_JSON,
    INVALID_FIELD,
    /** A signature that is not 65 bytes of hex, or has r, s or v out of range. */
    BAD_SIGNATURE,
    /** A signature with s in the upper half of the curve order (EIP-2). */
    HIGH_S
  }

  private final Kind kind;
  private final String field;
  private final String orderId;

  public MalformedMessage(Kind kind, String field, String detail, String orderId) {
    super(detail, null, false, false);
    this.kind = kind;
    this.field = field;
    this.orderId = orderId;
  }

  public Kind kind() {
    return kind;
  }

  /** The field at fault, e.g. {@code bid.price}; null when the whole message is. */
  public String field() {
    return field;
  }

  /** The order the message was about, when it could be read: errors echo it. */
  public String orderId() {
    return orderId;
  }

  MalformedMessage about(String order) {
    return orderId != null || order == null
        ? this
        : new MalformedMessage(kind, field, getMessage(), order);
  }
}
