/**
 * Contagion monitoring and stress testing over the live ledger, read-only: how much of the system's
 * value and requirement depends on each route ({@link ExposureMonitor}), how concentrated that is
 * ({@link ExposureReport#hhi}), how collateral and position assets move together ({@link
 * ReturnSeries}), what a combination of routes down and price shocks would do ({@link
 * StressEngine}), and the intake cap on a route's share ({@link ConcentrationLimit}). Every money
 * figure is wad USD in {@link java.math.BigInteger}; only the correlation estimate uses {@code
 * double}. See docs/risk-monitoring.md.
 */
package io.omnimargin.margin.contagion;
