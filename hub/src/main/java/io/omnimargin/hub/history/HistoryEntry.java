package io.omnimargin.hub.history;

import io.omnimargin.protocol.types.Address;

/**
 * One remembered event of an account: a credit or a fill (the account re-valued by its own change),
 * a funding payment, a margin call, a deleverage step, a liquidation. Amounts are decimal USD
 * strings, null where the event has none.
 *
 * @param at unix seconds on the engine's clock
 * @param kind what happened, as people read it ({@code Funding}, {@code Margin call}, …)
 * @param amount the cash it moved (funding: received, negative when paid), or null
 */
public record HistoryEntry(
    long at,
    Address owner,
    String kind,
    String amount,
    String avMaintenance,
    String mmr,
    String cause) {}
