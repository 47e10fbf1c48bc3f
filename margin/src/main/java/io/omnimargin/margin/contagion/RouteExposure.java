package io.omnimargin.margin.contagion;

import java.math.BigInteger;

/**
 * What depends on one route (wad USD and wad fractions).
 *
 * @param collateralValue {@code Σ V(c, w_m)} of collateral on the route, over every account
 * @param collateralShare its share of all collateral value: what the concentration cap limits
 * @param avMaintenanceShare {@code collateralValue / Σ max(0, AV_m)}: the fraction of the system's
 *     equity that would vanish with the route (above 1 when losses already eat into equity)
 * @param imrShare the share of the system's {@code IMR} backed by the route: each account's {@code
 *     IMR} split over its routes in proportion to its collateral value on them
 * @param accounts how many accounts hold value on the route
 * @param live whether the route is live now
 */
public record RouteExposure(
    long chainId,
    BigInteger collateralValue,
    BigInteger collateralShare,
    BigInteger avMaintenanceShare,
    BigInteger imrShare,
    long accounts,
    boolean live) {}
