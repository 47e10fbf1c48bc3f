package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The EIP-712 domain every Omnimargin message is signed under: {@code name = "Omnimargin"}, {@code
 * version = "1"}, the hub chain and the hub settler. The separator is computed once.
 */
public final class Eip712Domain {
  public static final String NAME = "Omnimargin";
  public static final String VERSION = "1";

  private final String name;
  private final String version;
  private final ChainId chainId;
  private final Address verifyingContract;
  private final Bytes32 separator;

  public Eip712Domain(String name, String version, ChainId chainId, Address verifyingContract) {
    this.name = Objects.requireNonNull(name);
    this.version = Objects.requireNonNull(version);
    this.chainId = Objects.requireNonNull(chainId);
    this.verifyingContract = Objects.requireNonNull(verifyingContract);
    this.separator =
        new StructWriter(TypeHashes.DOMAIN, 4)
            .hashed(name.getBytes(StandardCharsets.UTF_8))
            .hashed(version.getBytes(StandardCharsets.UTF_8))
            .uint(chainId.value())
            .address(verifyingContract)
            .hash();
  }

  /** The Omnimargin domain for a hub chain and settler. */
  public static Eip712Domain omnimargin(ChainId hubChain, Address settler) {
    return new Eip712Domain(NAME, VERSION, hubChain, settler);
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public ChainId chainId() {
    return chainId;
  }

  public Address verifyingContract() {
    return verifyingContract;
  }

  public Bytes32 separator() {
    return separator;
  }

  /** {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}. */
  public byte[] digest(Bytes32 structHash) {
    byte[] buffer = new byte[66];
    buffer[0] = 0x19;
    buffer[1] = 0x01;
    separator.copyTo(buffer, 2);
    structHash.copyTo(buffer, 34);
    return Keccak.hash(buffer);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Eip712Domain other && separator.equals(other.separator);
  }

  @Override
  public int hashCode() {
    return separator.hashCode();
  }

  @Override
  public String toString() {
    return name + "/" + version + "@" + chainId + ":" + verifyingContract;
  }
}
