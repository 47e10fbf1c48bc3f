package io.omnimargin.service.explorer;

import java.util.List;

/** A remembered margin event as the pages list it. */
public record HistoryRow(
    String when,
    String at,
    String owner,
    String kind,
    Amount avMaintenance,
    Amount mmr,
    String cause) {

  static List<HistoryRow> of(List<MarginHistory.Entry> entries, long now) {
    return entries.stream()
        .map(
            e ->
                new HistoryRow(
                    Ages.relative(e.at(), now),
                    Ages.absolute(e.at()),
                    e.owner(),
                    e.kind(),
                    Amount.usd(e.avMaintenance()),
                    Amount.usd(e.mmr()),
                    e.cause()))
        .toList();
  }
}
