package io.omnimargin.margin.clearing;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A market as the clearing house sees it now.
 *
 * @param index the base asset's price (wad USD) while fresh
 * @param indexPublishTime the publish time of the last price, whether fresh or not (0 if none)
 * @param fundingRate the rate the current interval has earned so far (wad)
 * @param nextFundingAt when funding is next settled (epoch seconds)
 * @param openLong the sum of all long sizes (wad base units), equal to the shorts' by invariant 1
 * @param openShort the sum of all short sizes, as a positive number
 * @param lastFunding the last settlement, if any since start-up
 */
public record MarketState(
    String market,
    Optional<BigInteger> index,
    long indexPublishTime,
    BigInteger fundingRate,
    long nextFundingAt,
    BigInteger openLong,
    BigInteger openShort,
    Optional<FundingSettlement> lastFunding) {}
