/**
 * Accounts spread over ledger partitions, each written by one owner: the partition's state and the
 * offset of the last command applied, committed together; a trade between accounts on two
 * partitions booked in two steps through an outbox, each leg applied exactly once; and the view
 * that adds the partitions up, legs in flight included, for the clearing invariants. Plain Java:
 * the log and the store are ports (docs/cluster.md, "Next: accounts over several writers").
 */
package io.omnimargin.cluster.partition;
