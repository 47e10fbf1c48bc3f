package io.omnimargin.store.embedded;

/** The embedded database failed: a disk error, a corrupt file, a database from a newer version. */
public final class EmbeddedStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public EmbeddedStoreException(String message) {
    super(message);
  }
}
