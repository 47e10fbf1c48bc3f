package io.omnimargin.protocol.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Address hashes: equal for equal addresses, spread for addresses that differ in a few bytes. */
class AddressHashTest {

  @Test
  void equalAddressesHashAlikeWhateverTheirSpelling() {
    Address lower = Address.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    Address checksummed = Address.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assertThat(lower).isEqualTo(checksummed);
    assertThat(lower.hashCode()).isEqualTo(checksummed.hashCode()).isEqualTo(lower.hashCode());
  }

  @Test
  void neighbouringAddressesGetDistinctHashes() {
    // a million accounts numbered from one base differ only in their last three bytes;
    // Arrays.hashCode gave 100,000 of them 9,122 hashes
    Set<Integer> hashes = new HashSet<>();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      hashes.add(Address.parse(String.format("0x%040x", 0x10000000L + i)).hashCode());
    }
    assertThat(hashes.size()).isGreaterThan(n * 999 / 1000);
  }
}
