package io.omnimargin.settlement.credit;

import java.util.List;

/**
 * Durable home of solver fronts: the provisional credits not yet proven and the repayments owed for
 * proven ones. {@link FrontedCredits} keeps a working copy in memory, loads this on start-up and
 * writes each change here before it answers, so that a restart forgets no front.
 */
public interface FrontStore {

  /** Every front not yet proven nor withdrawn. */
  List<FrontedCredits.Provisional> openFronts();

  /** Every repayment owed to a solver for a front that was proven. */
  List<FrontedCredits.Repayment> repayments();

  /** A new front. */
  void opened(FrontedCredits.Provisional front);

  /** Atomically: {@code front} is no longer open and {@code repayment} is owed. */
  void proven(FrontedCredits.Provisional front, FrontedCredits.Repayment repayment);

  /** These fronts were withdrawn unproven (the solver's loss); they are no longer open. */
  void withdrawn(List<FrontedCredits.Provisional> fronts);
}
