package io.omnimargin.intent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.intent.core.Intent;
import io.omnimargin.intent.core.IntentStatus;
import io.omnimargin.intent.core.IntentStore;
import io.omnimargin.intent.core.StatusChange;
import io.omnimargin.testsupport.RedisServer;
import io.omnimargin.testsupport.SignedOrders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real redis-server started on a free port. */
class RedisIntentStoreTest extends IntentStoreContract {
  private static RedisServer server;
  private static Vertx vertx;
  private static Redis client;
  private String prefix;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    vertx = Vertx.vertx();
    client = Redis.createClient(vertx, server.url());
  }

  @AfterAll
  static void stopRedis() {
    client.close();
    vertx.closeAndAwait();
    server.close();
  }

  static RedisCommands commands() {
    return (command, args) -> {
      Request request = Request.cmd(Command.create(command));
      args.forEach(request::arg);
      return client.send(request).await().indefinitely();
    };
  }

  @Override
  IntentStore createStore() {
    prefix = "test-" + UUID.randomUUID() + ":"; // each test its own namespace on the shared server
    return new RedisIntentStore(commands(), prefix);
  }

  @Override
  IntentStore reopen() {
    return new RedisIntentStore(commands(), prefix);
  }

  @Test
  void aRestartedServiceSeesEveryIntentWithItsHistory() {
    IntentStore before = createStore();
    Intent intent = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    before.accept(intent, 10);
    before.transition(
        intent.id(),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(5), "cancelled by user"));

    IntentStore after = reopen();

    Intent found = after.find(intent.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(IntentStatus.CANCELLED);
    assertThat(found.history())
        .containsExactly(
            new StatusChange(IntentStatus.OPEN, NOW, "accepted"),
            new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(5), "cancelled by user"));
  }

  @Test
  void scriptsAreResentAfterTheServerForgetsThem() {
    IntentStore store = createStore();
    commands().execute("SCRIPT", List.of("FLUSH"));
    Intent intent = intent(SignedOrders.key(2), 1, DEADLINE, 1);
    store.accept(intent, 10);
    assertThat(store.find(intent.id())).isPresent();
  }
}
