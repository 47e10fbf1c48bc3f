package io.omnimargin.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hello's (and a welcome's) {@code after} is a whole number from -1, or absent for -1: any other
 * value is refused on its field, never read as some number (Jackson's {@code asLong} reads {@code
 * "abc"} as the default, {@code true} as 1 and {@code 2.9} as 2). Found by the hostile-input
 * fuzzer.
 */
class SessionAfterTest {
  private static final SessionCodec CODEC = new SessionCodec(new ObjectMapper());
  private static final String HELLO =
      "{\"type\":\"hello\",\"solver\":\"0x"
          + "11".repeat(20)
          + "\",\"signature\":\"0x"
          + "22".repeat(64)
          + "1b\"";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"abc\"",
        "\"7\"",
        "true",
        "2.9",
        "1e3",
        "{}",
        "[]",
        "null",
        "-2",
        "9223372036854775808"
      })
  void anythingButAWholeNumberIsRefused(String after) {
    for (String type : new String[] {"hello", "welcome"}) {
      String message = HELLO.replace("\"hello\"", "\"" + type + "\"") + ",\"after\":" + after + "}";
      assertThatThrownBy(() -> CODEC.decode(message))
          .as("%s after %s", type, after)
          .isInstanceOfSatisfying(
              MalformedMessage.class,
              e -> {
                assertThat(e.kind()).isEqualTo(MalformedMessage.Kind.INVALID_FIELD);
                assertThat(e.field()).isEqualTo("after");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "0", "42"})
  void aWholeNumberIsThePosition(String after) {
    SessionMessage.Hello hello =
        (SessionMessage.Hello) CODEC.decode(HELLO + ",\"after\":" + after + "}");
    assertThat(hello.after()).isEqualTo(Long.parseLong(after));
  }

  @Test
  void anAbsentPositionMeansFromNow() {
    assertThat(((SessionMessage.Hello) CODEC.decode(HELLO + "}")).after()).isEqualTo(-1);
  }
}
