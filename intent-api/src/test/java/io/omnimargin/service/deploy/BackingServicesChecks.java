package io.omnimargin.service.deploy;

import static io.omnimargin.service.deploy.KubernetesManifestsTest.ALL;
import static io.omnimargin.service.deploy.KubernetesManifestsTest.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.omnimargin.service.config.OmnimarginConfig;
import io.smallrye.config.WithDefault;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Kafka (both options) and Redis are where the service's ConfigMap says, and persist. Run as a
 * nested class of {@link KubernetesManifestsTest}.
 */
abstract class BackingServicesChecks {
  static final Map<String, String> CONFIG = KubernetesManifestsTest.serviceConfig().getData();
  static final List<HasMetadata> STRIMZI = Manifests.read("kafka-strimzi.yaml");
  static final List<HasMetadata> PLAIN = Manifests.read("kafka-statefulset.yaml");

  static String bootstrapHost() {
    return CONFIG.get("OMNIMARGIN_CLUSTER_KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
  }

  static int bootstrapPort() {
    String servers = CONFIG.get("OMNIMARGIN_CLUSTER_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(servers).as("one bootstrap address, host:port").matches("[a-z0-9.-]+:[0-9]+");
    return Integer.parseInt(servers.split(":")[1]);
  }

  @Test
  void theBootstrapIsStrimzisBootstrapService() {
    Kafka kafka = Manifests.only(STRIMZI, Kafka.class);
    assertThat(bootstrapHost()).isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap");
    GenericKafkaListener plain =
        kafka.getSpec().getKafka().getListeners().stream()
            .filter(l -> l.getPort() == bootstrapPort())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Strimzi listener on " + bootstrapPort()));
    assertThat(plain.getType()).isEqualTo(KafkaListenerType.INTERNAL);
    assertThat(plain.isTls()).as("the service speaks plain text to Kafka").isFalse();
    assertThat(plain.getNetworkPolicyPeers())
        .as("the listener is open to the service pods only")
        .hasSize(1);
    Map<String, String> servicePods =
        KubernetesManifestsTest.service().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(
            Workloads.matches(plain.getNetworkPolicyPeers().get(0).getPodSelector(), servicePods))
        .isTrue();
    assertThat(plain.getNetworkPolicyPeers().get(0).getNamespaceSelector()).isNull();
  }

  @Test
  void theBootstrapIsTheStatefulSetsServiceToo() {
    Service bootstrap = Manifests.named(PLAIN, Service.class, bootstrapHost());
    ServicePort port =
        bootstrap.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == bootstrapPort())
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(bootstrapHost() + " has no port " + bootstrapPort()));
    StatefulSet kafka = Manifests.only(PLAIN, StatefulSet.class);
    assertThat(
            Workloads.matches(
                bootstrap.getSpec().getSelector(),
                kafka.getSpec().getTemplate().getMetadata().getLabels()))
        .isTrue();
    assertThat(
            PODS.owner("StatefulSet/" + kafka.getMetadata().getName())
                .hasPort(port.getTargetPort()))
        .isTrue();
  }

  @Test
  void strimziRunsKraftOnANodePoolWithTheServicesTopics() {
    Kafka kafka = Manifests.only(STRIMZI, Kafka.class);
    String cluster = kafka.getMetadata().getName();
    assertThat(kafka.getMetadata().getAnnotations())
        .containsEntry("strimzi.io/kraft", "enabled")
        .containsEntry("strimzi.io/node-pools", "enabled");
    KafkaNodePool pool = Manifests.only(STRIMZI, KafkaNodePool.class);
    assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
    assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
    assertThat(pool.getSpec().getRoles())
        .containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
    assertThat(pool.getSpec().getStorage().getType()).isEqualTo("jbod");

    for (KafkaTopic topic : Manifests.of(STRIMZI, KafkaTopic.class)) {
      String name = "KafkaTopic/" + topic.getMetadata().getName();
      assertThat(topic.getMetadata().getLabels())
          .as(name)
          .containsEntry("strimzi.io/cluster", cluster);
      assertThat(topic.getSpec().getPartitions()).as(name + ": one order, one owner").isEqualTo(1);
      assertThat(topic.getSpec().getReplicas())
          .as(name)
          .isEqualTo(3)
          .isEqualTo(Integer.parseInt(CONFIG.get("OMNIMARGIN_CLUSTER_REPLICATION_FACTOR")));
      assertThat(topic.getSpec().getConfig()).as(name).containsEntry("min.insync.replicas", 2);
    }
    assertThat(Manifests.of(STRIMZI, KafkaTopic.class))
        .extracting(t -> t.getSpec().getTopicName())
        .containsExactlyInAnyOrder(
            broadcastTopic(), topic("ledgerTopic", "OMNIMARGIN_CLUSTER_LEDGER_TOPIC"));
    assertThat(strimziTopic(broadcastTopic()).getSpec().getConfig())
        .containsEntry("cleanup.policy", "compact");
  }

  @Test
  void theLedgerTopicElectsOneOwner() {
    assertThat(CONFIG)
        .as("the ConfigMap names the topic whose one partition elects the ledger's owner")
        .containsKey("OMNIMARGIN_CLUSTER_LEDGER_TOPIC");
    KafkaTopic ledger = strimziTopic(topic("ledgerTopic", "OMNIMARGIN_CLUSTER_LEDGER_TOPIC"));
    assertThat(ledger.getSpec().getPartitions()).as("one partition: one owner").isEqualTo(1);
    assertThat(ledger.getSpec().getConfig())
        .containsEntry("cleanup.policy", "delete")
        .hasEntrySatisfying(
            "retention.ms",
            ms ->
                assertThat(((Number) ms).longValue())
                    .as("nothing is written to it: kept briefly")
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofDays(1).toMillis()));
  }

  @Test
  void bothBrokerOptionsAllowTheOwnersSession() {
    long session = defaultDuration("sessionTimeout").toMillis();
    Kafka kafka = Manifests.only(STRIMZI, Kafka.class);
    Object strimzi = kafka.getSpec().getKafka().getConfig().get("group.min.session.timeout.ms");
    assertThat(strimzi).as("Strimzi's brokers set group.min.session.timeout.ms").isNotNull();
    assertThat(((Number) strimzi).longValue()).isLessThanOrEqualTo(session);
    Container c =
        Manifests.only(PLAIN, StatefulSet.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(
            Long.parseLong(
                KubernetesManifestsTest.env(c, "KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS").getValue()))
        .isLessThanOrEqualTo(session);
  }

  static KafkaTopic strimziTopic(String topicName) {
    return Manifests.of(STRIMZI, KafkaTopic.class).stream()
        .filter(t -> topicName.equals(t.getSpec().getTopicName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no KafkaTopic for " + topicName));
  }

  /** The broadcast topic the ConfigMap names, which is also the service's default. */
  static String broadcastTopic() {
    return topic("broadcastTopic", "OMNIMARGIN_CLUSTER_BROADCAST_TOPIC");
  }

  /**
   * The topic of {@code OmnimarginConfig.Cluster.<method>}: the ConfigMap's value (if it sets it),
   * which must be the service's default, so that a replica started without the ConfigMap agrees.
   */
  static String topic(String method, String variable) {
    String fallback = clusterDefault(method);
    String configured = CONFIG.getOrDefault(variable, fallback);
    assertThat(configured).as(variable).isEqualTo(fallback);
    return configured;
  }

  static String clusterDefault(String method) {
    try {
      return OmnimarginConfig.Cluster.class
          .getMethod(method)
          .getAnnotation(WithDefault.class)
          .value();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** A default such as {@code 3s} or {@code 500ms}, as SmallRye Config reads it. */
  static Duration defaultDuration(String method) {
    String value = clusterDefault(method);
    return value.endsWith("ms")
        ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
        : Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
  }

  @Test
  void theStatefulSetIsAThreeNodeKraftQuorumOnVolumes() {
    StatefulSet sts = Manifests.only(PLAIN, StatefulSet.class);
    String name = sts.getMetadata().getName();
    Service headless = Manifests.named(PLAIN, Service.class, sts.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).startsWith("apache/kafka:");
    Map<String, String> env =
        c.getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env.get("KAFKA_PROCESS_ROLES").split(","))
        .containsExactlyInAnyOrder("broker", "controller");
    assertThat(env).containsKey("CLUSTER_ID");
    int controller = KubernetesManifestsTest.port(c, "controller");
    String voters =
        IntStream.range(0, sts.getSpec().getReplicas())
            .mapToObj(
                i ->
                    i
                        + "@"
                        + name
                        + "-"
                        + i
                        + "."
                        + headless.getMetadata().getName()
                        + ":"
                        + controller)
            .collect(Collectors.joining(","));
    assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(voters);
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
        .isEqualTo(
            "PLAINTEXT://$(POD_NAME)." + headless.getMetadata().getName() + ":" + bootstrapPort());
    assertThat(
            KubernetesManifestsTest.env(c, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(String.join(" ", c.getArgs())).contains("KAFKA_NODE_ID=\"${HOSTNAME##*-}\"");
    String claim = sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    String mount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(claim))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the claim " + claim + " is not mounted"))
            .getMountPath();
    assertThat(env.get("KAFKA_LOG_DIRS")).startsWith(mount + "/");
  }

  @Test
  void redisIsTheServiceTheConfigNamesAndPersists() {
    URI redis = URI.create(CONFIG.get("QUARKUS_REDIS_HOSTS"));
    assertThat(redis.getScheme()).isEqualTo("redis");
    assertThat(CONFIG).containsEntry("OMNIMARGIN_STORE", "redis");
    Service service = Manifests.named(ALL, Service.class, redis.getHost());
    ServicePort port =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == redis.getPort())
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(redis.getHost() + " has no port " + redis.getPort()));
    StatefulSet sts = Manifests.named(ALL, StatefulSet.class, redis.getHost());
    Workloads.Pods pods = PODS.owner("StatefulSet/" + sts.getMetadata().getName());
    assertThat(PODS.selectedBy(service.getSpec().getSelector(), "Service/" + redis.getHost()))
        .containsExactly(pods);
    assertThat(pods.hasPort(port.getTargetPort())).isTrue();
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    String args = String.join(" ", c.getArgs());
    assertThat(args).contains("--appendonly yes");
    String claim = sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    assertThat(c.getVolumeMounts())
        .anyMatch(m -> m.getName().equals(claim) && args.contains("--dir " + m.getMountPath()));
  }
}
