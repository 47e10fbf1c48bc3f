package io.omnimargin.intent.store;

/** Page cursors: the sequence of the last intent on the previous page, as an opaque string. */
final class Cursors {
  private Cursors() {}

  static String of(long sequence) {
    return Long.toString(sequence, 36);
  }

  static long parse(String cursor) {
    try {
      long sequence = Long.parseLong(cursor, 36);
      if (sequence <= 0) {
        throw new NumberFormatException();
      }
      return sequence;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor issued by this service");
    }
  }
}
