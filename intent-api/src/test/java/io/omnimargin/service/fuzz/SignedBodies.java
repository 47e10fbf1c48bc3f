package io.omnimargin.service.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.FrontDeposit;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.Wallet;
import java.math.BigInteger;
import java.util.List;

/**
 * The signed bodies a solver sends, written by the protocol's own codec (so the fuzzer starts from
 * exactly what the SDK sends) and signed under the service's default domain.
 */
final class SignedBodies {
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final SessionCodec CODEC = new SessionCodec(JsonEdits.JSON);

  private SignedBodies() {}

  /** A session bid message; without {@code type} it is the HTTP bid body. */
  static ObjectNode bid(PrivateKey solver, OrderId order, long price, long validUntil) {
    SolverBid bid = new SolverBid(order, solver.address(), wad(price), wad(1), validUntil);
    return CODEC.write(new SessionMessage.Bid(bid, solver.sign(bid.digest(Wallet.DOMAIN))));
  }

  /** A session fill message of {@code size} at {@code price}; without {@code type}, HTTP's. */
  static ObjectNode fill(PrivateKey solver, OrderId order, long size, long price) {
    FillReport fill =
        new FillReport(
            order, solver.address(), 1, Bytes32.leftPad(new byte[] {0x7f}), wad(size), wad(price));
    return CODEC.write(new SessionMessage.Fill(fill, solver.sign(fill.digest(Wallet.DOMAIN))));
  }

  /**
   * A session takeover bid (type {@code liquidation-bid}) on liquidation {@code id} of {@code
   * account}: one ETH-PERP position of size 1 at 2,990; without {@code type}, the HTTP body.
   */
  static ObjectNode liquidationBid(PrivateKey solver, long id, Address account, long validUntil) {
    LiquidationBid bid =
        new LiquidationBid(
            id,
            account,
            solver.address(),
            List.of(new LiquidationBid.TakenPosition(new MarketSymbol("ETH-PERP"), WAD, wad(2990))),
            validUntil);
    return CODEC.write(new SessionMessage.TakeoverBid(bid, solver.sign(bid.digest(Wallet.DOMAIN))));
  }

  static String http(ObjectNode message) {
    ObjectNode copy = message.deepCopy();
    copy.remove("type");
    return copy.toString();
  }

  static String registration(PrivateKey solver, long issuedAt) {
    SolverRegistration r = new SolverRegistration(solver.address(), "fuzz", issuedAt);
    ObjectNode body = JsonEdits.JSON.createObjectNode();
    body.putObject("registration")
        .put("solver", solver.address().toChecksumHex())
        .put("name", r.name())
        .put("issuedAt", issuedAt);
    body.put("signature", solver.sign(r.digest(Wallet.DOMAIN)).toHex());
    return body.toString();
  }

  static String front(PrivateKey solver, long chainId, Bytes32 txHash) {
    FrontDeposit f = new FrontDeposit(chainId, txHash, Uint256.of(1), solver.address());
    ObjectNode body = JsonEdits.JSON.createObjectNode();
    body.putObject("front")
        .put("chainId", Long.toString(chainId))
        .put("txHash", txHash.toHex())
        .put("depositNonce", "1")
        .put("solver", solver.address().toChecksumHex());
    body.put("signature", solver.sign(f.digest(Wallet.DOMAIN)).toHex());
    return body.toString();
  }

  static Uint256 wad(long whole) {
    return Uint256.of(BigInteger.valueOf(whole).multiply(WAD));
  }
}
