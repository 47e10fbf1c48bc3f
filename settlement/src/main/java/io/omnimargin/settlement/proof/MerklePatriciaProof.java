package io.omnimargin.settlement.proof;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies a Merkle-Patricia proof (EIP-1186 {@code accountProof} or {@code storageProof}) as a
 * pure function: {@code (root, key, nodes) → found value | proven absent | typed failure}. The path
 * is {@code keccak256(key)} (the "secure" trie). Each node must be exactly the node its parent
 * references, by hash, or embedded whole when shorter than 32 bytes.
 */
public final class MerklePatriciaProof {
  /** Larger than any real node (a full branch is at most 17 · 33 + 3 bytes). */
  static final int MAX_NODE_BYTES = 1024;

  /** keccak256(rlp("")): the root of an empty trie. */
  public static final byte[] EMPTY_TRIE_ROOT =
      Hex.decode("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

  private MerklePatriciaProof() {}

  /** Verifies {@code proof} for {@code key} (not yet hashed) against {@code root}. */
  public static ProofResult verify(byte[] root, byte[] key, List<byte[]> proof) {
    try {
      return new Walk(root, nibbles(Keccak.hash(key)), proof).run();
    } catch (ProofException e) {
      return new ProofResult.Invalid(e.failure, e.getMessage());
    } catch (RuntimeException e) { // defence in depth: hostile input must never throw
      return new ProofResult.Invalid(ProofFailure.BAD_NODE, "unexpected: " + e);
    }
  }

  private static final class Walk {
    private final byte[] root;
    private final byte[] path;
    private final List<byte[]> proof;
    private int depth; // nibbles consumed
    private int used; // proof nodes consumed

    Walk(byte[] root, byte[] path, List<byte[]> proof) {
      this.root = root;
      this.path = path;
      this.proof = proof;
    }

    ProofResult run() throws ProofException {
      if (proof.isEmpty()) {
        if (Arrays.equals(root, EMPTY_TRIE_ROOT)) {
          return new ProofResult.Absent();
        }
        throw new ProofException(ProofFailure.EMPTY_PROOF, "no proof nodes for a non-empty trie");
      }
      Rlp.Item node = load(root);
      while (true) {
        Rlp.Lst list = asList(node);
        Rlp.Item child;
        if (list.items().size() == 17) {
          if (depth == path.length) {
            return end(str(list.items().get(16)).bytes());
          }
          child = list.items().get(path[depth++]);
        } else if (list.items().size() == 2) {
          byte[] nodePath = hexPrefix(str(list.items().get(0)).bytes());
          boolean leaf = (str(list.items().get(0)).bytes()[0] & 0x20) != 0;
          boolean matches = startsWith(nodePath);
          if (leaf) {
            return end(
                matches && depth + nodePath.length == path.length
                    ? str(list.items().get(1)).bytes()
                    : new byte[0]);
          }
          if (nodePath.length == 0) {
            throw new ProofException(ProofFailure.BAD_NODE, "extension with an empty path");
          }
          if (!matches) {
            return end(new byte[0]); // the path diverges: proven absent
          }
          depth += nodePath.length;
          child = list.items().get(1);
        } else {
          throw new ProofException(
              ProofFailure.BAD_NODE, "a node has 2 or 17 items, not " + list.items().size());
        }
        node = follow(child);
        if (node == null) {
          return end(new byte[0]); // an empty child slot: proven absent
        }
      }
    }

    /** The answer, valid only if no proof nodes are left over. */
    private ProofResult end(byte[] value) throws ProofException {
      if (used != proof.size()) {
        throw new ProofException(
            ProofFailure.TRAILING_NODES, (proof.size() - used) + " nodes after the answer");
      }
      return value.length == 0 ? new ProofResult.Absent() : new ProofResult.Found(value);
    }

    /** The referenced node, embedded or next in the proof; null for an empty reference. */
    private Rlp.Item follow(Rlp.Item reference) throws ProofException {
      if (reference instanceof Rlp.Lst embedded) {
        if (embedded.raw().length >= 32) {
          throw new ProofException(ProofFailure.BAD_NODE, "an embedded node of 32 bytes or more");
        }
        return embedded;
      }
      byte[] hash = ((Rlp.Str) reference).bytes();
      if (hash.length == 0) {
        return null;
      }
      if (hash.length != 32) {
        throw new ProofException(
            ProofFailure.BAD_NODE, "a reference is 32 bytes, got " + hash.length);
      }
      return load(hash);
    }

    private Rlp.Item load(byte[] expectedHash) throws ProofException {
      if (used == proof.size()) {
        throw new ProofException(ProofFailure.TRUNCATED, "the path continues past the last node");
      }
      byte[] node = proof.get(used);
      if (node.length > MAX_NODE_BYTES) {
        throw new ProofException(ProofFailure.OVERSIZED_NODE, "node of " + node.length + " bytes");
      }
      if (!Arrays.equals(Keccak.hash(node), expectedHash)) {
        throw new ProofException(
            used == 0 ? ProofFailure.ROOT_MISMATCH : ProofFailure.HASH_MISMATCH,
            "node " + used + " is not the one referenced");
      }
      used++;
      return Rlp.decode(node);
    }

    private boolean startsWith(byte[] nodePath) {
      if (depth + nodePath.length > path.length) {
        return false;
      }
      for (int i = 0; i < nodePath.length; i++) {
        if (path[depth + i] != nodePath[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** Hex-prefix decoding (Yellow Paper appendix C): flags in the first nibble. */
  static byte[] hexPrefix(byte[] encoded) throws ProofException {
    if (encoded.length == 0) {
      throw new ProofException(ProofFailure.BAD_NODE, "empty hex-prefix path");
    }
    int flag = (encoded[0] & 0xff) >> 4;
    if (flag > 3) {
      throw new ProofException(ProofFailure.BAD_NODE, "bad hex-prefix flag " + flag);
    }
    boolean odd = (flag & 1) == 1;
    if (!odd && (encoded[0] & 0x0f) != 0) {
      throw new ProofException(ProofFailure.BAD_NODE, "even hex-prefix with a non-zero pad nibble");
    }
    byte[] all = nibbles(encoded);
    return Arrays.copyOfRange(all, odd ? 1 : 2, all.length);
  }

  static byte[] nibbles(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = (byte) ((bytes[i] >> 4) & 0xf);
      out[2 * i + 1] = (byte) (bytes[i] & 0xf);
    }
    return out;
  }

  static Rlp.Lst asList(Rlp.Item item) throws ProofException {
    if (item instanceof Rlp.Lst list) {
      return list;
    }
    throw new ProofException(ProofFailure.BAD_NODE, "a trie node is an RLP list");
  }

  static Rlp.Str str(Rlp.Item item) throws ProofException {
    if (item instanceof Rlp.Str s) {
      return s;
    }
    throw new ProofException(ProofFailure.BAD_NODE, "expected an RLP string");
  }
}
