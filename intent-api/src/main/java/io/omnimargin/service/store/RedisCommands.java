package io.omnimargin.service.store;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;

/**
 * The one Redis operation the store needs: run a command and wait for its reply. The service binds
 * it to Quarkus' {@code RedisDataSource}; tests bind it to a Vert.x client on their own server.
 */
@FunctionalInterface
public interface RedisCommands {
  Response execute(String command, List<String> args);

  /** Commands on the service's Quarkus Redis client. */
  static RedisCommands over(RedisDataSource redis) {
    return (command, args) -> redis.execute(command, args.toArray(String[]::new));
  }
}
