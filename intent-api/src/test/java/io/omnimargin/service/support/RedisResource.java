package io.omnimargin.service.support;

import io.omnimargin.testsupport.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts a real redis-server for a test profile and points the service at it. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {
  private RedisServer server;

  @Override
  public Map<String, String> start() {
    server = RedisServer.start();
    return Map.of("omnimargin.store", "redis", "quarkus.redis.hosts", server.url());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
