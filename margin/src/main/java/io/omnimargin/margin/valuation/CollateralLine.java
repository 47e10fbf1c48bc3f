package io.omnimargin.margin.valuation;

import java.math.BigInteger;

/**
 * One collateral balance valued: amount in base units; price, ratios and values in wad; {@code
 * priceAgeSeconds} is -1 when the asset has no price. {@code messagingDiscount} is the route's
 * {@code m} now (in {@code w_i}); {@code maintenanceDiscount} the phased-in {@code m} of {@code
 * w_m} (equal to it unless a fall of {@code m} is still phasing in).
 */
public record CollateralLine(
    long chainId,
    String asset,
    BigInteger amount,
    BigInteger price,
    long priceAgeSeconds,
    BigInteger haircut,
    BigInteger liquidationBuffer,
    BigInteger effectiveBuffer,
    BigInteger messagingDiscount,
    BigInteger weightMaintenance,
    BigInteger weightInitial,
    BigInteger valueMaintenance,
    BigInteger valueInitial,
    BigInteger maintenanceDiscount) {}
