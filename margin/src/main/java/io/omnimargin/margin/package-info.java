/**
 * Cross-chain margin core: one Account Value over collateral on every chain, discounted by haircut
 * and route risk (plain Java).
 */
package io.omnimargin.margin;
