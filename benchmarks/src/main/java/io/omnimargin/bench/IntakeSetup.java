package io.omnimargin.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.Map;

/**
 * Readies a running hub for the intake load with the margin gate on: prices ETH and credits 10 ETH
 * on chain 1 to every user {@link SignedIntentsFile} signs for (the dev faucet), so each intent is
 * checked against real collateral and accepted. Arguments: {@code port=18080 users=20000}.
 */
public final class IntakeSetup {
  private IntakeSetup() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args);
    int port = Integer.parseInt(opts.getOrDefault("port", "18080"));
    int users = Integer.parseInt(opts.getOrDefault("users", "20000"));
    Vertx vertx = Vertx.vertx();
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setMaxPoolSize(32));
    try {
      SessionLoad.pushPrice(http).toCompletionStage().toCompletableFuture().get();
      SessionLoad.fund(http, users, 256, SignedIntentsFile::user, "10");
      System.out.printf("priced ETH and funded %d users with 10 ETH each%n", users);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
