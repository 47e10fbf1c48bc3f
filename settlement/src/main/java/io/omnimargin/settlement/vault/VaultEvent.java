package io.omnimargin.settlement.vault;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.core.methods.response.Log;

/**
 * A vault log as a listener saw it: a deposit ({@code Locked}), a withdrawal release or a seizure.
 * It is only a claim; a proof of the vault's state decides what it is worth.
 */
public record VaultEvent(
    Kind kind,
    long chainId,
    Address vault,
    String id,
    Address account,
    Address token,
    BigInteger amount,
    long blockNumber,
    Bytes32 blockHash,
    String transactionHash) {

  public enum Kind {
    LOCKED,
    RELEASED,
    SEIZED
  }

  /**
   * The exactly-once key: {@code chainId/vault/depositNonce} for a deposit, {@code
   * chainId/vault/release/id} and {@code chainId/vault/seize/id} for the others.
   */
  public String key() {
    String base = chainId + "/" + vault.toLowerHex() + "/";
    return switch (kind) {
      case LOCKED -> base + id;
      case RELEASED -> base + "release/" + id;
      case SEIZED -> base + "seize/" + id;
    };
  }

  /** The deposit nonce of a {@code Locked} event. */
  public BigInteger depositNonce() {
    if (kind != Kind.LOCKED) {
      throw new IllegalStateException(kind + " has no deposit nonce");
    }
    return new BigInteger(id);
  }

  /** Decodes a log; refuses one that is not a well-formed vault event from {@code vault}. */
  public static VaultEvent fromLog(long chainId, Address vault, Log log) {
    List<String> topics = log.getTopics();
    if (!Address.parse(log.getAddress()).equals(vault)) {
      throw new IllegalArgumentException("log from " + log.getAddress() + ", not the vault");
    }
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("anonymous log");
    }
    Bytes32 topic0 = Bytes32.fromHex(topics.get(0));
    byte[] data = Hex.decode(log.getData());
    long block = log.getBlockNumber().longValueExact();
    Bytes32 blockHash = Bytes32.fromHex(log.getBlockHash());
    if (topic0.equals(VaultLayout.LOCKED_TOPIC)) {
      // Locked(address indexed account, address indexed token, uint256 amount, uint256 indexed
      // nonce)
      require(topics.size() == 4 && data.length == 32, "Locked");
      return new VaultEvent(
          Kind.LOCKED,
          chainId,
          vault,
          new BigInteger(1, Hex.decode(topics.get(3))).toString(),
          topicAddress(topics.get(1)),
          topicAddress(topics.get(2)),
          new BigInteger(1, data),
          block,
          blockHash,
          log.getTransactionHash());
    }
    boolean released = topic0.equals(VaultLayout.RELEASED_TOPIC);
    if (released || topic0.equals(VaultLayout.SEIZED_TOPIC)) {
      // (bytes32 indexed id, address indexed account, address token, uint256 amount, address to)
      require(topics.size() == 3 && data.length == 96, released ? "Released" : "Seized");
      return new VaultEvent(
          released ? Kind.RELEASED : Kind.SEIZED,
          chainId,
          vault,
          Bytes32.fromHex(topics.get(1)).toHex(),
          topicAddress(topics.get(2)),
          wordAddress(data, 0),
          new BigInteger(1, java.util.Arrays.copyOfRange(data, 32, 64)),
          block,
          blockHash,
          log.getTransactionHash());
    }
    throw new IllegalArgumentException("not a vault event: " + topic0);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("malformed " + what + " log");
    }
  }

  private static Address topicAddress(String topic) {
    return wordAddress(Hex.decode(topic, 32), 0);
  }

  private static Address wordAddress(byte[] words, int offset) {
    for (int i = offset; i < offset + 12; i++) {
      if (words[i] != 0) {
        throw new IllegalArgumentException("word is not an address");
      }
    }
    return Address.wrap(java.util.Arrays.copyOfRange(words, offset + 12, offset + 32));
  }
}
