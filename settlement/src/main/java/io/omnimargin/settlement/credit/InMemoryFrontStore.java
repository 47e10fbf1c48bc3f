package io.omnimargin.settlement.credit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fronts kept in this process, lost when it stops: for tests and the pure in-memory service. */
public final class InMemoryFrontStore implements FrontStore {
  private final Map<String, FrontedCredits.Provisional> open = new ConcurrentHashMap<>();
  private final Map<String, FrontedCredits.Repayment> repayments = new ConcurrentHashMap<>();

  @Override
  public List<FrontedCredits.Provisional> openFronts() {
    return List.copyOf(open.values());
  }

  @Override
  public List<FrontedCredits.Repayment> repayments() {
    return List.copyOf(repayments.values());
  }

  @Override
  public void opened(FrontedCredits.Provisional front) {
    open.put(front.eventKey(), front);
  }

  @Override
  public synchronized void proven(
      FrontedCredits.Provisional front, FrontedCredits.Repayment repayment) {
    open.remove(front.eventKey());
    repayments.put(repayment.eventKey(), repayment);
  }

  @Override
  public void withdrawn(List<FrontedCredits.Provisional> fronts) {
    fronts.forEach(f -> open.remove(f.eventKey()));
  }
}
