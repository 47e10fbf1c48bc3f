package io.omnimargin.protocol;

/**
 * Base of every typed error the protocol layer raises. Adapters map the subtypes to their own error
 * vocabulary; nothing else escapes the protocol code.
 */
public abstract sealed class ProtocolException extends RuntimeException
    permits InvalidFieldException, SignatureException {

  protected ProtocolException(String message) {
    super(message, null, false, false);
  }
}
