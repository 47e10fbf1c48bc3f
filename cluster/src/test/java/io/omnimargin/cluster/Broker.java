package io.omnimargin.cluster;

import io.omnimargin.testsupport.KafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (KRaft, its own process) for a test class, registered as a static extension:
 * started before the class's first test, stopped after its last.
 */
public final class Broker implements BeforeAllCallback, AfterAllCallback {
  private KafkaBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = KafkaBroker.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    broker.close();
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }
}
