package io.omnimargin.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.StatusChange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes intents (every other one cancelled), ledger accounts, journal outcomes and
 * cursors, fronts and pending seizures, acknowledging each set once committed; the test kills it
 * with SIGKILL while it is still writing and reopens the directory: every acknowledged record is
 * there, as written, and the directory's lock did not outlive its holder.
 */
class EmbeddedStorageCrashTest {
  private static final int ACKS = 40;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
    int acknowledged = writeUntilKilled();

    try (EmbeddedStorage storage = EmbeddedStorage.open(dir, EmbeddedDatabase.Sync.FULL)) {
      for (int i = 0; i <= acknowledged; i++) {
        Intent intent = storage.intents().find(Fixtures.intent(i).id()).orElseThrow();
        assertThat(intent.order()).isEqualTo(Fixtures.intent(i).order());
        assertThat(intent.history())
            .extracting(StatusChange::status)
            .containsExactlyElementsOf(
                i % 2 == 1
                    ? java.util.List.of(IntentStatus.OPEN, IntentStatus.CANCELLED)
                    : java.util.List.of(IntentStatus.OPEN));
        assertThat(storage.journal().outcome(Fixtures.event(i))).contains("credited@" + i);
        assertThat(storage.fronts().openFronts()).contains(Fixtures.front(i));
        assertThat(storage.seizures().take(Fixtures.seizure(i).eventKey()))
            .contains(Fixtures.seizure(i));
      }
      assertThat(storage.ledger().loadAll()).containsAll(accounts(acknowledged));
      assertThat(storage.journal().cursor("137/vault", 0)).isGreaterThanOrEqualTo(acknowledged + 1);
      // the nonce of a cancelled order stays spent after the crash
      assertThat(storage.intents().accept(Fixtures.intent(1), 1_000_000))
          .isInstanceOf(io.omnimargin.hub.intent.AcceptOutcome.Duplicate.class);
    }
  }

  private static java.util.List<io.omnimargin.margin.account.Account> accounts(int last) {
    java.util.List<io.omnimargin.margin.account.Account> accounts = new java.util.ArrayList<>();
    for (int i = 0; i <= last; i++) {
      accounts.add(Fixtures.account(i));
    }
    return accounts;
  }

  /** Starts the writer, reads its acknowledgements, kills it; answers the last one read. */
  private int writeUntilKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int last = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (last < ACKS && (line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          last = Integer.parseInt(line.substring(4));
        }
      }
      child.destroyForcibly(); // SIGKILL, mid-write: the writer never stops on its own
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(last).as("acknowledged sets").isEqualTo(ACKS);
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
    return last;
  }
}
