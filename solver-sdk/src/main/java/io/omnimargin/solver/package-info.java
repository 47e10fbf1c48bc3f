/**
 * Java SDK for third-party solvers: stream open intents, sign and submit bids, report fills, bid on
 * liquidations (no Quarkus at runtime).
 */
package io.omnimargin.solver;
