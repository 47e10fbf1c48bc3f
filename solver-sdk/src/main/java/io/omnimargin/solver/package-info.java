/**
 * Java SDK for third-party solvers: stream open intents, sign and submit bids, report fills (no
 * Quarkus at runtime).
 */
package io.omnimargin.solver;
