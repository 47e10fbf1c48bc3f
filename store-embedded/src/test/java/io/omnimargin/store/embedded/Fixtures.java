package io.omnimargin.store.embedded;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.settlement.PendingSeizures;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.settlement.credit.FrontedCredits;
import io.omnimargin.settlement.vault.VaultEvent;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.time.Instant;

/** The i-th record of each kind, the same in the writer and in the test that reads it back. */
final class Fixtures {
  static final SignedOrders ORDERS =
      new SignedOrders(
          Eip712Domain.omnimargin(
              ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741")));
  static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  static final Address VAULT = Address.parse("0x00000000000000000000000000000000000000a1");
  static final Address SOLVER = Address.parse("0x00000000000000000000000000000000000000d4");

  private Fixtures() {}

  static Intent intent(int i) {
    GaslessCrossChainOrder order =
        ORDERS.order(
            SignedOrders.key(1),
            i,
            NOW.getEpochSecond() + 3600,
            SignedOrders.buy("ETH-PERP", i + 1, 3000));
    return Intent.accepted(
        ORDERS.id(order),
        order,
        SignedOrders.buy("ETH-PERP", i + 1, 3000),
        ORDERS.sign(SignedOrders.key(1), order),
        NOW);
  }

  static Address owner(int i) {
    return Address.parse(String.format("0x%040x", 0xa000 + i));
  }

  static Account account(int i) {
    return Account.empty(owner(i)).withCollateral(USDC, BigInteger.valueOf(1_000_000L * (i + 1)));
  }

  static String event(int i) {
    return "137/" + VAULT.toLowerHex() + "/" + i;
  }

  static FrontedCredits.Provisional front(int i) {
    VaultEvent deposit =
        new VaultEvent(
            VaultEvent.Kind.LOCKED,
            10,
            VAULT,
            Integer.toString(i),
            owner(i),
            Address.parse("0x00000000000000000000000000000000000000c3"),
            BigInteger.valueOf(500 + i),
            100 + i,
            Bytes32.fromHex("0x" + "5a".repeat(32)),
            "0x" + "0f".repeat(32));
    return new FrontedCredits.Provisional(deposit.key(), SOLVER, deposit, 1_800_000_000L + i);
  }

  static PendingSeizures.Pending seizure(int i) {
    return new PendingSeizures.Pending(
        "137/" + VAULT.toLowerHex() + "/seize/" + i,
        owner(i),
        BigInteger.TEN.pow(18).add(BigInteger.valueOf(i)));
  }
}
