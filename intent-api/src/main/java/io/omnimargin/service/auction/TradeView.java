package io.omnimargin.service.auction;

import io.omnimargin.margin.clearing.Trade;
import java.math.BigInteger;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Both sides of a filled auction as it was booked: the trader (taker) and the solver (maker) at the
 * bid's price; the trader pays the solver's fee and the protocol fee. Sizes, prices and fees are
 * 18-decimal base units, as the bids are.
 */
public record TradeView(
    String market,
    @Schema(description = "Price, 18 decimals, USD") String price,
    @Schema(description = "Size, 18 decimals") String size,
    @Schema(description = "The solver's fee, paid by the trader to the solver") String solverFee,
    @Schema(description = "The protocol fee, paid by the trader to the fee pool")
        String protocolFee,
    Side trader,
    Side solver) {

  /** One side: its account, buy or sell, and the fees it paid and received. */
  public record Side(String account, String side, String feesPaid, String feesReceived) {}

  public static TradeView of(Trade t) {
    boolean takerBuys = t.takerDelta().signum() > 0;
    return new TradeView(
        t.market(),
        t.price().toString(),
        t.takerDelta().abs().toString(),
        t.makerFee().toString(),
        t.protocolFee().toString(),
        new Side(
            t.taker().toChecksumHex(),
            takerBuys ? "buy" : "sell",
            t.makerFee().add(t.protocolFee()).toString(),
            "0"),
        new Side(
            t.maker().toChecksumHex(),
            takerBuys ? "sell" : "buy",
            BigInteger.ZERO.toString(),
            t.makerFee().toString()));
  }
}
