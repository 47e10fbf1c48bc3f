package io.omnimargin.service.explorer;

import io.omnimargin.service.margin.AccountHistoryResource.HistoryView;
import java.time.Instant;
import java.util.List;

/** A history entry as the pages list it. */
public record HistoryRow(
    String when,
    String at,
    String owner,
    String kind,
    Amount amount,
    Amount avMaintenance,
    Amount mmr,
    String cause) {

  static List<HistoryRow> of(List<HistoryView> entries, long now) {
    return entries.stream()
        .map(
            e ->
                new HistoryRow(
                    Ages.relative(Instant.parse(e.at()).getEpochSecond(), now),
                    e.at(),
                    e.account(),
                    e.kind(),
                    Amount.usd(e.amount()),
                    Amount.usd(e.avMaintenance()),
                    Amount.usd(e.mmr()),
                    e.cause()))
        .toList();
  }
}
