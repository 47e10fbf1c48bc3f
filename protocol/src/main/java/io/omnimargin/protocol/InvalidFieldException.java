package io.omnimargin.protocol;

/** A value on the wire does not have the shape or range its field requires. */
public final class InvalidFieldException extends ProtocolException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field as a dotted path, e.g. {@code order.nonce}. */
  public String field() {
    return field;
  }

  /** The same error, reported under a parent path ({@code order} + {@code nonce}). */
  public InvalidFieldException under(String parent) {
    return new InvalidFieldException(parent + "." + field, getMessage());
  }
}
