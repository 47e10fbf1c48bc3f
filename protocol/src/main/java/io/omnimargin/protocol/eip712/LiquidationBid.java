package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code LiquidationBid(uint256 liquidationId,address account,address solver,TakenPosition[]
 * positions,uint32 validUntil)} with {@code TakenPosition(bytes32 market,int256 size,uint256
 * price)}: a solver's offer to take over every position of liquidation {@code liquidationId} of
 * {@code account}, each at its price (18 decimals), until {@code validUntil} (unix seconds). Each
 * size is the offered position's, signed, and the taker takes it on as it is: the signature binds
 * the solver to exactly what it priced. Our own struct.
 */
public record LiquidationBid(
    long liquidationId,
    Address account,
    Address solver,
    List<TakenPosition> positions,
    long validUntil) {

  /** One position taken over: its market, signed size (18 decimals) and price. */
  public record TakenPosition(MarketSymbol market, BigInteger size, Uint256 price) {
    private static final BigInteger INT256_LIMIT = BigInteger.ONE.shiftLeft(255);

    public TakenPosition {
      if (size.signum() == 0
          || size.compareTo(INT256_LIMIT) >= 0
          || size.compareTo(INT256_LIMIT.negate()) < 0) {
        throw new IllegalArgumentException("size is a non-zero int256");
      }
    }

    byte[] structHash() {
      return new StructWriter(TypeHashes.TAKEN_POSITION, 3)
          .word(market.toWord())
          .int256(size)
          .uint(price)
          .hash()
          .toArray();
    }
  }

  public LiquidationBid {
    if (liquidationId < 0) {
      throw new IllegalArgumentException("liquidationId is a uint256");
    }
    if (validUntil < 0 || validUntil > 0xffff_ffffL) {
      throw new IllegalArgumentException("validUntil is uint32");
    }
    positions = List.copyOf(positions);
    Set<MarketSymbol> markets = new HashSet<>();
    for (TakenPosition p : positions) {
      if (!markets.add(p.market())) {
        throw new IllegalArgumentException("market " + p.market() + " is priced twice");
      }
    }
  }

  /** The price per market symbol, in the order signed. */
  public Map<String, BigInteger> prices() {
    Map<String, BigInteger> prices = new LinkedHashMap<>();
    positions.forEach(p -> prices.put(p.market().symbol(), p.price().toBigInteger()));
    return prices;
  }

  public byte[] digest(Eip712Domain domain) {
    byte[] hashes = new byte[32 * positions.size()];
    for (int i = 0; i < positions.size(); i++) {
      System.arraycopy(positions.get(i).structHash(), 0, hashes, 32 * i, 32);
    }
    return domain.digest(
        new StructWriter(TypeHashes.LIQUIDATION_BID, 5)
            .uint(liquidationId)
            .address(account)
            .address(solver)
            .hashed(hashes) // an array of structs: keccak of its members' struct hashes
            .uint(validUntil)
            .hash());
  }
}
