package io.omnimargin.settlement.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the RLP decoder and the proof verifier (jqwik, seeded from the committed corpus in
 * {@code src/test/resources/fuzz-corpus} and from the shared fixture proofs). Invariants: the
 * decoder throws nothing but {@link ProofException}; the verifier throws nothing at all and never
 * reaches its "unexpected" safety net; a mutated proof whose hashes were re-linked so that every
 * node is referenced again is still answered with a value, an absence or a typed failure.
 */
class MptFuzzTest {
  static final List<byte[]> CORPUS = corpus();
  static final List<List<byte[]>> PROOFS = fixtureProofs();

  static List<byte[]> corpus() {
    try {
      Path dir = Path.of(MptFuzzTest.class.getResource("/fuzz-corpus").toURI());
      List<byte[]> seeds = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".hex")).sorted().toList()) {
          seeds.add(Hex.decode(Files.readString(f).trim()));
        }
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<List<byte[]>> fixtureProofs() {
    List<List<byte[]>> proofs = new ArrayList<>();
    StateProofFixturesTest.FILE
        .get("cases")
        .forEach(
            c -> {
              proofs.add(StateProofFixturesTest.nodes(c.get("proof").get("accountProof")));
              c.get("proof")
                  .get("storageProof")
                  .forEach(sp -> proofs.add(StateProofFixturesTest.nodes(sp.get("proof"))));
            });
    return proofs;
  }

  static void decodeOnly(byte[] input) {
    try {
      Rlp.decode(input);
    } catch (ProofException expected) {
      // a typed refusal is the point
    } catch (RuntimeException e) {
      fail("the RLP decoder threw " + e + " on " + Hex.encode(input));
    }
  }

  static void verifyOnly(byte[] root, byte[] key, List<byte[]> nodes) {
    ProofResult result = MerklePatriciaProof.verify(root, key, nodes);
    assertThat(result).isNotNull();
    if (result instanceof ProofResult.Invalid invalid) {
      assertThat(invalid.detail())
          .as("reached the verifier's safety net: a missing check")
          .doesNotStartWith("unexpected");
    }
  }

  @Test
  void everyCorpusInputIsAnsweredWithoutAnEscape() {
    assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(10);
    for (byte[] seed : CORPUS) {
      decodeOnly(seed);
      verifyOnly(Keccak.hash(seed), new byte[20], List.of(seed));
      verifyOnly(Keccak.hash(seed), new byte[32], List.of(seed, seed));
    }
  }

  @Property(tries = 3000)
  void theDecoderThrowsOnlyTypedRefusals(@ForAll("mutatedNodes") byte[] input) {
    decodeOnly(input);
  }

  @Property(tries = 3000)
  void aSingleRootConsistentNodeIsAlwaysAnswered(
      @ForAll("mutatedNodes") byte[] node, @ForAll("keys") byte[] key) {
    verifyOnly(Keccak.hash(node), key, List.of(node));
  }

  /** Mutates one node of a real proof, then re-links every parent to the new hash. */
  @Property(tries = 2000)
  void aRelinkedMutatedProofIsAlwaysAnswered(
      @ForAll("proofIndex") int which, @ForAll("seeds") long seed, @ForAll("keys") byte[] key) {
    List<byte[]> proof = new ArrayList<>(PROOFS.get(which));
    Random random = new Random(seed);
    int target = random.nextInt(proof.size());
    byte[] old = proof.get(target);
    byte[] mutated = mutate(old, random);
    proof.set(target, mutated);
    for (int i = target - 1; i >= 0; i--) {
      byte[] oldHash = Keccak.hash(i + 1 == target ? old : PROOFS.get(which).get(i + 1));
      proof.set(i, replace(proof.get(i), oldHash, Keccak.hash(proof.get(i + 1))));
    }
    verifyOnly(Keccak.hash(proof.get(0)), key, proof);
  }

  @Provide
  Arbitrary<byte[]> mutatedNodes() {
    List<byte[]> seeds = new ArrayList<>(CORPUS);
    PROOFS.forEach(seeds::addAll);
    return Arbitraries.longs()
        .flatMap(s -> Arbitraries.of(seeds).map(seed -> mutate(seed, new Random(s))));
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(20),
        Arbitraries.bytes().array(byte[].class).ofSize(32),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
  }

  @Provide
  Arbitrary<Integer> proofIndex() {
    return Arbitraries.integers().between(0, PROOFS.size() - 1);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** Byte flips, insertions, deletions, truncation, duplication and length-byte edits. */
  static byte[] mutate(byte[] input, Random random) {
    byte[] out = input.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int kind = random.nextInt(6);
      if (out.length == 0) {
        out = new byte[] {(byte) random.nextInt(256)};
        continue;
      }
      int at = random.nextInt(out.length);
      switch (kind) {
        case 0 -> out[at] ^= (byte) (1 + random.nextInt(255));
        case 1 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        case 2 -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
        case 3 -> out = Arrays.copyOf(out, at);
        case 4 -> {
          byte[] twice = Arrays.copyOf(out, Math.min(out.length * 2, 4096));
          System.arraycopy(out, 0, twice, out.length, twice.length - out.length);
          out = twice;
        }
        default -> out[0] = (byte) (0xb8 + random.nextInt(0x48)); // long-form string/list prefixes
      }
    }
    return out;
  }

  private static byte[] replace(byte[] haystack, byte[] needle, byte[] with) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        byte[] out = haystack.clone();
        System.arraycopy(with, 0, out, i, with.length);
        return out;
      }
    }
    return haystack;
  }
}
