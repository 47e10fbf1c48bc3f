package io.omnimargin.settlement.header;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Re-encodes a block header from its JSON-RPC fields and checks that it hashes to the block hash.
 * The field list is the yellow paper's, extended fork by fork: London adds {@code baseFeePerGas},
 * Shanghai {@code withdrawalsRoot}, Cancun {@code blobGasUsed}, {@code excessBlobGas} and {@code
 * parentBeaconBlockRoot}, Prague {@code requestsHash}. Each of those is encoded when present, in
 * that order, as execution clients do; anvil, for one, reports blob gas on London blocks and hashes
 * it. The hash check is what makes a header trustworthy, and the base fields (the state root among
 * them) keep fixed positions whatever follows.
 */
public final class HeaderCodec {
  private enum Kind {
    HASH(32),
    ADDRESS(20),
    BLOOM(256),
    NONCE(8),
    BYTES(-1),
    QUANTITY(-1);

    final int length;

    Kind(int length) {
      this.length = length;
    }
  }

  private record Field(String name, Kind kind) {}

  private static final List<Field> BASE =
      List.of(
          new Field("parentHash", Kind.HASH),
          new Field("sha3Uncles", Kind.HASH),
          new Field("miner", Kind.ADDRESS),
          new Field("stateRoot", Kind.HASH),
          new Field("transactionsRoot", Kind.HASH),
          new Field("receiptsRoot", Kind.HASH),
          new Field("logsBloom", Kind.BLOOM),
          new Field("difficulty", Kind.QUANTITY),
          new Field("number", Kind.QUANTITY),
          new Field("gasLimit", Kind.QUANTITY),
          new Field("gasUsed", Kind.QUANTITY),
          new Field("timestamp", Kind.QUANTITY),
          new Field("extraData", Kind.BYTES),
          new Field("mixHash", Kind.HASH),
          new Field("nonce", Kind.NONCE));

  /** Fields added after the merge-era base, in encoding order. */
  private static final List<Field> FORK_FIELDS =
      List.of(
          new Field("baseFeePerGas", Kind.QUANTITY), // London
          new Field("withdrawalsRoot", Kind.HASH), // Shanghai
          new Field("blobGasUsed", Kind.QUANTITY), // Cancun
          new Field("excessBlobGas", Kind.QUANTITY), // Cancun
          new Field("parentBeaconBlockRoot", Kind.HASH), // Cancun
          new Field("requestsHash", Kind.HASH)); // Prague

  private HeaderCodec() {}

  /** The header's RLP encoding from JSON-RPC fields. */
  public static byte[] encode(Map<String, Object> rpc) throws HeaderException {
    List<RlpType> items = new ArrayList<>(BASE.size() + FORK_FIELDS.size());
    for (Field f : BASE) {
      items.add(item(f, rpc));
    }
    for (Field f : FORK_FIELDS) {
      if (rpc.get(f.name()) != null) {
        items.add(item(f, rpc));
      }
    }
    return RlpEncoder.encode(new RlpList(items));
  }

  /**
   * Checks {@code keccak256(rlp) == expectedHash} and answers the header; the expected hash is the
   * attested one, never only the hash field the same node returned.
   */
  public static BlockHeader verify(long chainId, Map<String, Object> rpc, Bytes32 expectedHash)
      throws HeaderException {
    byte[] hash = Keccak.hash(encode(rpc));
    if (!Bytes32.wrap(hash).equals(expectedHash)) {
      throw new HeaderException(
          HeaderFailure.HASH_MISMATCH,
          "block "
              + rpc.get("number")
              + " encodes to "
              + Hex.encode(hash)
              + ", expected "
              + expectedHash);
    }
    return new BlockHeader(
        chainId,
        quantity(rpc, "number").longValueExact(),
        expectedHash,
        Bytes32.wrap(data(rpc, "parentHash", 32)),
        Bytes32.wrap(data(rpc, "stateRoot", 32)),
        quantity(rpc, "timestamp").longValueExact());
  }

  private static RlpType item(Field f, Map<String, Object> rpc) throws HeaderException {
    return f.kind() == Kind.QUANTITY
        ? RlpString.create(quantity(rpc, f.name()))
        : RlpString.create(data(rpc, f.name(), f.kind().length));
  }

  static BigInteger quantity(Map<String, Object> rpc, String name) throws HeaderException {
    String s = text(rpc, name);
    if (!s.startsWith("0x") || s.length() < 3 || s.length() > 66) {
      throw new HeaderException(HeaderFailure.MALFORMED_FIELD, name + " is not a hex quantity");
    }
    try {
      return new BigInteger(s.substring(2), 16);
    } catch (NumberFormatException e) {
      throw new HeaderException(HeaderFailure.MALFORMED_FIELD, name + " is not a hex quantity");
    }
  }

  static byte[] data(Map<String, Object> rpc, String name, int length) throws HeaderException {
    byte[] bytes;
    try {
      bytes = Hex.decode(text(rpc, name));
    } catch (IllegalArgumentException e) {
      throw new HeaderException(HeaderFailure.MALFORMED_FIELD, name + " is not hex data");
    }
    if (length >= 0 && bytes.length != length) {
      throw new HeaderException(
          HeaderFailure.MALFORMED_FIELD, name + " has " + bytes.length + " bytes, not " + length);
    }
    if (length < 0 && bytes.length > 1024) {
      throw new HeaderException(HeaderFailure.MALFORMED_FIELD, name + " is too long");
    }
    return bytes;
  }

  private static String text(Map<String, Object> rpc, String name) throws HeaderException {
    Object v = rpc.get(name);
    if (!(v instanceof String s)) {
      throw new HeaderException(HeaderFailure.MISSING_FIELD, name + " is missing");
    }
    return s;
  }
}
