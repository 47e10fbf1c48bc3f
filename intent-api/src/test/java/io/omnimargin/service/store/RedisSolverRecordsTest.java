package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.auction.solver.SolverRecordsContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The solver-records contract against a real redis-server started on a free port. */
class RedisSolverRecordsTest extends SolverRecordsContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected SolverRecords createStore() {
    prefix = LocalRedis.freshPrefix();
    return reopen();
  }

  @Override
  protected SolverRecords reopen() {
    return new RedisSolverRecords(redis.commands(), prefix);
  }

  @Test
  void theRecordsAreOneHashKeyedBySolver() {
    createStore().save(full(solver(1)));
    createStore().save(bare(solver(2))); // another prefix

    List<String> fields = new ArrayList<>();
    redis
        .commands()
        .execute("HKEYS", List.of(prefix + "solvers"))
        .forEach(f -> fields.add(f.toString()));
    assertThat(fields).containsExactly(solver(2).toLowerHex());
    assertThat(reopen().loadAll()).containsExactly(bare(solver(2)));
  }
}
