package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.broadcast.NoticeLog;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * In a cluster, an intent's status stream sees every change wherever it was made: each replica
 * posts a notice (the order id) for every change it makes, and a replica that has a stream of that
 * intent open reads it back from the shared store and sends what the stream has not seen.
 */
@Singleton
public class IntentNotices {
  private static final Logger LOG = Logger.getLogger(IntentNotices.class);
  private volatile NoticeLog log;

  void start(
      @Observes StartupEvent event,
      OmnimarginConfig config,
      IntentEventBus bus,
      IntentStore store) {
    OmnimarginConfig.Cluster cluster = config.cluster();
    if (cluster.kafkaBootstrapServers().isEmpty()) {
      return;
    }
    BroadcastSettings settings = ClusterBeans.settings(cluster, cluster.noticeTopic());
    NoticeLog notices = NoticeLog.start(settings, key -> changedElsewhere(key, bus, store));
    bus.listen((intent, change) -> notices.publish(intent.id().toHex()));
    log = notices;
    LOG.infof("cluster mode: intent status streams follow topic %s", settings.topic());
  }

  private static void changedElsewhere(String key, IntentEventBus bus, IntentStore store) {
    OrderId id = OrderId.parse(key);
    if (bus.followed(id)) {
      store.find(id).ifPresent(bus::changedElsewhere);
    }
  }

  @PreDestroy
  void stop() {
    NoticeLog notices = log;
    if (notices != null) {
      notices.close();
    }
  }
}
