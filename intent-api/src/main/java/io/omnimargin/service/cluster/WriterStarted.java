package io.omnimargin.service.cluster;

/**
 * This replica now writes the ledger: at start-up in one process, or when it takes the ledger over
 * in a cluster. The workflows that change state (restoring reservations and auctions, settlement,
 * funding, expiry, scheduled stress) start on it, never on a replica that does not own the ledger.
 *
 * @param epoch the owner epoch that fences this replica's writes (0 in one process)
 */
public record WriterStarted(long epoch) {}
