/**
 * Sealed-bid auction core: solvers bid on open intents, the best net price for the user wins (plain
 * Java).
 */
package io.omnimargin.auction;
