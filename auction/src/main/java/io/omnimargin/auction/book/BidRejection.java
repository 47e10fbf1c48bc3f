package io.omnimargin.auction.book;

/** Why a bid was refused; each a stable code for the API and the solver SDK. */
public enum BidRejection {
  BAD_SIGNATURE("bad-signature"),
  WRONG_ORDER("wrong-order"),
  UNKNOWN_SOLVER("unknown-solver"),
  SOLVER_SUSPENDED("solver-suspended"),
  AUCTION_CLOSED("auction-closed"),
  AUCTION_CANCELLED("auction-cancelled"),
  PRICE_WORSE_THAN_LIMIT("price-worse-than-limit"),
  FEE_ABOVE_MAX("fee-above-max"),
  EXPIRES_BEFORE_FILL("valid-until-before-fill"),
  SELF_TRADE("self-trade"),
  PRICE_OUT_OF_BAND("price-out-of-band"),
  SOLVER_INSUFFICIENT_MARGIN("solver-insufficient-margin");

  private final String code;

  BidRejection(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
