package io.omnimargin.service.margin.stream;

import io.omnimargin.margin.engine.MarginEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The engine's event sink: every event goes out on the {@code margin-events} channel. */
@Singleton
public class MarginEventPublisher implements Consumer<MarginEvent> {

  @Inject
  @Channel(Channels.MARGIN_EVENTS)
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
  Emitter<MarginEvent> events;

  @Override
  public void accept(MarginEvent event) {
    events.send(event);
  }
}
