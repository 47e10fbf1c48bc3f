package io.omnimargin.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.Uint256;
import org.junit.jupiter.api.Test;

/**
 * Our own structs ({@code FrontDeposit}, {@code SolverRegistration}, {@code SolverSession}, {@code
 * FillReport}) against vectors made by ethers 6.17.0's {@code signTypedData} (key 0x33…33, default
 * domain; the calls are in the comments).
 */
class FrontDepositTest {
  // node: new ethers.Wallet("0x"+"33".repeat(32)).signTypedData(domain, {FrontDeposit: [...]},
  //   {chainId: 137, txHash: "0x"+"ab".repeat(32), depositNonce: 7, solver: wallet.address})
  static final String DIGEST = "0xc8872ff63da1550fa83bd0308caac33a4a46ec6751e0a3e6ac4b70ed992a2001";
  static final String SIGNATURE =
      "0x59e9b4be34086218b0101febea9c64bb13b32c2d0b3cae63d7c96f7baecef0ee"
          + "137a48451bb2e7fd6564d369acd98ef9a7be9aa57e10e9231e61c973d9ba57981c";

  @Test
  void digestAndSignatureMatchEthers() {
    PrivateKey key = PrivateKey.fromHex("0x" + "33".repeat(32));
    assertThat(key.address())
        .isEqualTo(Address.parse("0x5CbDd86a2FA8Dc4bDdd8a8f69dBa48572EeC07FB"));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    FrontDeposit front =
        new FrontDeposit(
            137, Bytes32.fromHex("0x" + "ab".repeat(32)), Uint256.of(7), key.address());
    byte[] digest = front.digest(domain);
    assertThat(Hex.encode(digest)).isEqualTo(DIGEST);
    assertThat(key.sign(digest).toHex()).isEqualTo(SIGNATURE);
    assertThat(Secp256k1Provider.recovery().recover(digest, Signature.parse(SIGNATURE)))
        .isEqualTo(key.address());
  }

  // signTypedData(domain, {SolverRegistration: [{solver: address}, {name: string},
  //   {issuedAt: uint64}]}, {solver: wallet.address, name: "maker-one", issuedAt: 1800000000})
  @Test
  void solverRegistrationMatchesEthers() {
    PrivateKey key = PrivateKey.fromHex("0x" + "33".repeat(32));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    byte[] digest =
        new SolverRegistration(key.address(), "maker-one", 1_800_000_000L).digest(domain);
    assertThat(Hex.encode(digest))
        .isEqualTo("0x65d63cee11ca5724813eec22c9e2c43ce84c8c9912916a821b4156c03b055107");
    assertThat(key.sign(digest).toHex())
        .isEqualTo(
            "0x4318f41ff3473ef52c6fe8935c6a48499b00d927a92cb211cf30b0b0f7c84b62"
                + "1155e59a3afe1dcd0046f329b487d12e8558da2c298d3549cad2f51b644282c71b");
  }

  // signTypedData(domain, {SolverSession: [{solver: address}, {challenge: bytes32}]},
  //   {solver: wallet.address, challenge: "0x" + "5e".repeat(32)})
  @Test
  void solverSessionMatchesEthers() {
    PrivateKey key = PrivateKey.fromHex("0x" + "33".repeat(32));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    byte[] digest =
        new SolverSession(key.address(), Bytes32.fromHex("0x" + "5e".repeat(32))).digest(domain);
    assertThat(Hex.encode(digest))
        .isEqualTo("0x921e58e4b7b5d4a1ccdeb9992b1b0c1fb1a9d044e9c63cda383f85bf1f44ae63");
    assertThat(key.sign(digest).toHex())
        .isEqualTo(
            "0x7891f6745c4b1040b729ae380f16f66835bf2c93b93c00f45577bb07d21de25e"
                + "66b136afb6b3e6a2d09c9ac842dd36a81d285a3bea69e1553bb52e08135741861b");
  }

  @Test
  void fillReportMatchesEthers() {
    PrivateKey key = PrivateKey.fromHex("0x" + "33".repeat(32));
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
    FillReport fill =
        new FillReport(
            io.omnimargin.protocol.types.OrderId.parse("0x" + "07".repeat(32)),
            key.address(),
            1,
            Bytes32.fromHex("0x" + "cd".repeat(32)),
            Uint256.of(java.math.BigInteger.TWO.multiply(java.math.BigInteger.TEN.pow(18))),
            Uint256.of(
                java.math.BigInteger.valueOf(2990).multiply(java.math.BigInteger.TEN.pow(18))));
    byte[] digest = fill.digest(domain);
    assertThat(Hex.encode(digest))
        .isEqualTo("0x3f5d5e05a8959d4885b41d7d4565d1f5cb33b04e37869b47e157795462caa987");
    assertThat(key.sign(digest).toHex())
        .isEqualTo(
            "0x70b9349993bca78e4680831aecaf3e8df20bc5a5b5832f897686edf59047480502"
                + "efeb525ca8916ff5624c201f727034438f5ab3608b7a0b9a2da518468a2c571b");
  }
}
