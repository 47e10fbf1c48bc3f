package io.omnimargin.hub.intent;

/** Page cursors: the sequence of the last intent on the previous page, as an opaque string. */
public final class Cursors {
  private Cursors() {}

  public static String of(long sequence) {
    return Long.toString(sequence, 36);
  }

  public static long parse(String cursor) {
    try {
      // ASCII base 36 only, as issued: Long.parseLong would also read other scripts' digits
      if (cursor == null
          || !cursor.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        throw new NumberFormatException();
      }
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
