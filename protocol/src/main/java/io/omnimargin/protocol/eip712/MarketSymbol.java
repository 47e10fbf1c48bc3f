package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes32;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A market's symbol ({@code ETH-PERP}), carried as a right-padded UTF-8 {@code bytes32}. */
public record MarketSymbol(String symbol) {
  private static final int SHARED_MAX = 1_024;
  private static final Map<String, MarketSymbol> SHARED = new ConcurrentHashMap<>();

  public MarketSymbol {
    byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0 || utf8.length > 32 || symbol.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a market symbol is 1..32 UTF-8 bytes without NUL");
    }
  }

  /**
   * @throws IllegalArgumentException if the word is empty, has NUL inside the text or is not UTF-8
   */
  public static MarketSymbol fromWord(Bytes32 word) {
    byte[] bytes = word.toArray();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, end))
              .toString();
      return shared(text);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("market is not UTF-8");
    }
  }

  /**
   * One instance per symbol for the first {@value #SHARED_MAX} symbols decoded: an owner holds an
   * order per live auction, and a handful of markets. Past that (symbols nobody lists, sent to fill
   * the table) each gets its own, as before.
   */
  private static MarketSymbol shared(String text) {
    MarketSymbol known = SHARED.get(text);
    if (known != null) {
      return known;
    }
    MarketSymbol fresh = new MarketSymbol(text);
    if (SHARED.size() < SHARED_MAX) {
      known = SHARED.putIfAbsent(text, fresh);
      return known != null ? known : fresh;
    }
    return fresh;
  }

  public Bytes32 toWord() {
    byte[] word = new byte[32];
    byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(utf8, 0, word, 0, utf8.length);
    return Bytes32.wrap(word);
  }

  @Override
  public String toString() {
    return symbol;
  }
}
