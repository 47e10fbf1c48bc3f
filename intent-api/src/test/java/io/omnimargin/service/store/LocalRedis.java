package io.omnimargin.service.store;

import io.omnimargin.testsupport.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server on a free port and a Vert.x client on it, for the Redis stores' tests: one
 * per test class ({@code @RegisterExtension static}), its tests kept apart by key prefix.
 */
public final class LocalRedis implements BeforeAllCallback, AfterAllCallback {
  private RedisServer server;
  private Vertx vertx;
  private Redis client;
  private final List<Redis> others = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start();
    vertx = Vertx.vertx();
    client = Redis.createClient(vertx, server.url());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    others.forEach(Redis::close);
    client.close();
    vertx.closeAndAwait();
    server.close();
  }

  /** A key prefix no other test uses: each test its own namespace on the shared server. */
  static String freshPrefix() {
    return "test-" + UUID.randomUUID() + ":";
  }

  /** Each call a command on the server, answered when its reply arrives. */
  RedisCommands commands() {
    return commands(client);
  }

  /** Commands through a client of its own on the same server, as another replica would have. */
  RedisCommands otherClient() {
    Redis other = Redis.createClient(vertx, server.url());
    others.add(other);
    return commands(other);
  }

  /** A client of its own on a server started elsewhere (a cluster test's), closed with it. */
  public static final class Client implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;

    public Client(String url) {
      redis = Redis.createClient(vertx, url);
    }

    public RedisCommands commands() {
      return LocalRedis.commands(redis);
    }

    @Override
    public void close() {
      redis.close();
      vertx.closeAndAwait();
    }
  }

  private static RedisCommands commands(Redis client) {
    return (command, args) -> {
      Request request = Request.cmd(Command.create(command));
      args.forEach(request::arg);
      return client.send(request).await().indefinitely();
    };
  }
}
