package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Bytes32;

/** The fixed type strings of {@code shared/spec/intents.md} and their keccak-256 type hashes. */
public final class TypeHashes {
  public static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
  public static final String ORDER_TYPE =
      "GaslessCrossChainOrder(address originSettler,address user,uint256 nonce,"
          + "uint256 originChainId,uint32 openDeadline,uint32 fillDeadline,bytes32 orderDataType,"
          + "bytes orderData)";
  public static final String MARGIN_ORDER_TYPE =
      "MarginOrder(bytes32 market,bool isBuy,uint256 size,uint256 limitPrice,bool reduceOnly,"
          + "uint256 venueChainId,uint256 maxFee)";
  public static final String WITHDRAWAL_TYPE =
      "CollateralWithdrawal(uint256 chainId,bytes32 asset,uint256 amount,bytes32 recipient)";
  public static final String CANCEL_TYPE = "CancelOrder(bytes32 orderId)";
  public static final String SOLVER_BID_TYPE =
      "SolverBid(bytes32 orderId,address solver,uint256 price,uint256 fee,uint32 validUntil)";

  /** Ours, not in shared/spec: a solver fronting a deposit before its proof lands. */
  public static final String FRONT_DEPOSIT_TYPE =
      "FrontDeposit(uint256 chainId,bytes32 txHash,uint256 depositNonce,address solver)";

  /** Ours, not in shared/spec: a solver's signed registration. */
  public static final String SOLVER_REGISTRATION_TYPE =
      "SolverRegistration(address solver,string name,uint64 issuedAt)";

  /** Ours, not in shared/spec: the winning solver's report of its fill. */
  public static final String FILL_REPORT_TYPE =
      "FillReport(bytes32 orderId,address solver,uint256 venueChainId,bytes32 txHash,uint256 size,uint256 price)";

  /** Ours, not in shared/spec: a solver proving its key to open a session socket. */
  public static final String SOLVER_SESSION_TYPE =
      "SolverSession(address solver,bytes32 challenge)";

  /** Ours, not in shared/spec: one position a liquidation bid takes over. */
  public static final String TAKEN_POSITION_TYPE =
      "TakenPosition(bytes32 market,int256 size,uint256 price)";

  /**
   * Ours, not in shared/spec: a solver's bid to take over a liquidated account's positions; the
   * referenced struct's type follows the primary one, as EIP-712 encodes it.
   */
  public static final String LIQUIDATION_BID_TYPE =
      "LiquidationBid(uint256 liquidationId,address account,address solver,"
          + "TakenPosition[] positions,uint32 validUntil)"
          + TAKEN_POSITION_TYPE;

  public static final Bytes32 DOMAIN = hash(DOMAIN_TYPE);
  public static final Bytes32 TAKEN_POSITION = hash(TAKEN_POSITION_TYPE);
  public static final Bytes32 LIQUIDATION_BID = hash(LIQUIDATION_BID_TYPE);
  public static final Bytes32 SOLVER_SESSION = hash(SOLVER_SESSION_TYPE);
  public static final Bytes32 FILL_REPORT = hash(FILL_REPORT_TYPE);
  public static final Bytes32 SOLVER_REGISTRATION = hash(SOLVER_REGISTRATION_TYPE);
  public static final Bytes32 FRONT_DEPOSIT = hash(FRONT_DEPOSIT_TYPE);
  public static final Bytes32 ORDER = hash(ORDER_TYPE);
  public static final Bytes32 MARGIN_ORDER = hash(MARGIN_ORDER_TYPE);
  public static final Bytes32 WITHDRAWAL = hash(WITHDRAWAL_TYPE);
  public static final Bytes32 CANCEL = hash(CANCEL_TYPE);
  public static final Bytes32 SOLVER_BID = hash(SOLVER_BID_TYPE);

  private TypeHashes() {}

  private static Bytes32 hash(String type) {
    return Bytes32.wrap(Keccak.hash(type));
  }
}
