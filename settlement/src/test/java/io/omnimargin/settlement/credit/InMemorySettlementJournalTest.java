package io.omnimargin.settlement.credit;

class InMemorySettlementJournalTest extends SettlementJournalContract {
  private InMemorySettlementJournal journal;

  @Override
  protected SettlementJournal createJournal() {
    journal = new InMemorySettlementJournal();
    return journal;
  }

  @Override
  protected SettlementJournal reopen() {
    return journal; // one process, one journal
  }
}
