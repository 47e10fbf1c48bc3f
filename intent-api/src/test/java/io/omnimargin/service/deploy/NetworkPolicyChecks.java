package io.omnimargin.service.deploy;

import static io.omnimargin.service.deploy.KubernetesManifestsTest.ALL;
import static io.omnimargin.service.deploy.KubernetesManifestsTest.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API is open, the management port only to monitoring and this namespace, Redis and Kafka only
 * to the service's pods (and Kafka's nodes to each other). Run as a nested class of {@link
 * KubernetesManifestsTest}.
 */
abstract class NetworkPolicyChecks {
  static final Map<String, String> SERVICE_PODS =
      KubernetesManifestsTest.service().getSpec().getTemplate().getMetadata().getLabels();

  static NetworkPolicy policyFor(String owner) {
    return Manifests.of(ALL, NetworkPolicy.class).stream()
        .filter(n -> Workloads.matches(n.getSpec().getPodSelector(), PODS.owner(owner).labels()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy selects " + owner));
  }

  @Test
  void everySelectorInAPolicyPicksPodsTheManifestsRun() {
    for (NetworkPolicy n : Manifests.of(ALL, NetworkPolicy.class)) {
      String name = "NetworkPolicy/" + n.getMetadata().getName();
      PODS.selectedBy(n.getSpec().getPodSelector(), name);
      assertThat(n.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
      Stream<NetworkPolicyPeer> peers =
          Stream.concat(
              n.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()),
              n.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream()));
      peers
          .filter(p -> p.getNamespaceSelector() == null && p.getIpBlock() == null)
          .filter(p -> !p.getPodSelector().getMatchLabels().isEmpty())
          .forEach(p -> PODS.selectedBy(p.getPodSelector(), name + " peer " + p.getPodSelector()));
    }
  }

  @Test
  void theApiIsOpenAndManagementIsForMonitoringAndThisNamespace() {
    NetworkPolicy n = policyFor("Deployment/omnimargin");
    List<NetworkPolicyIngressRule> rules = n.getSpec().getIngress();
    assertThat(rules).hasSize(2);
    NetworkPolicyIngressRule api = rules.get(0);
    assertThat(api.getFrom()).as("from anywhere").isEmpty();
    assertThat(ports(api.getPorts())).containsExactly(port("http"));
    NetworkPolicyIngressRule management = rules.get(1);
    assertThat(ports(management.getPorts())).containsExactly(port("management"));
    assertThat(management.getFrom()).hasSize(2);
    NetworkPolicyPeer monitoring = management.getFrom().get(0);
    assertThat(monitoring.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(monitoring.getPodSelector()).isNull();
    NetworkPolicyPeer sameNamespace = management.getFrom().get(1);
    assertThat(sameNamespace.getNamespaceSelector()).isNull();
    assertThat(sameNamespace.getPodSelector().getMatchLabels()).isNullOrEmpty();
  }

  static int port(String name) {
    return KubernetesManifestsTest.port(KubernetesManifestsTest.serviceContainer(), name);
  }

  static List<Integer> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
  }

  @Test
  void redisAndKafkaAnswerOnlyTheServiceAndEachOther() {
    for (String owner : List.of("StatefulSet/omnimargin-redis", "StatefulSet/omnimargin-kafka")) {
      NetworkPolicy n = policyFor(owner);
      assertThat(n.getSpec().getIngress()).as(owner).isNotEmpty();
      for (NetworkPolicyIngressRule rule : n.getSpec().getIngress()) {
        assertThat(rule.getFrom()).as(owner + ": not from anywhere").isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getNamespaceSelector()).as(owner).isNull();
          assertThat(peer.getIpBlock()).as(owner).isNull();
          assertThat(PODS.selectedBy(peer.getPodSelector(), owner + " peer"))
              .extracting(Workloads.Pods::owner)
              .allMatch(o -> o.equals("Deployment/omnimargin") || o.equals(owner));
        }
        for (NetworkPolicyPort p : rule.getPorts()) {
          assertThat(PODS.owner(owner).hasPort(p.getPort()))
              .as(owner + " port " + p.getPort())
              .isTrue();
        }
      }
      assertThat(n.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
          .as(owner + ": the service may connect")
          .isEqualTo(SERVICE_PODS);
    }
    NetworkPolicy service = policyFor("Deployment/omnimargin");
    for (String owner :
        List.of(
            "StatefulSet/omnimargin-redis",
            "StatefulSet/omnimargin-kafka",
            "Kafka/omnimargin-kafka")) {
      assertThat(service.getSpec().getEgress())
          .as("the service may reach " + owner)
          .anyMatch(
              r ->
                  r.getTo().stream()
                      .anyMatch(
                          p ->
                              p.getPodSelector() != null
                                  && Workloads.matches(
                                      p.getPodSelector(), PODS.owner(owner).labels())));
    }
  }

  @Test
  void theServiceReachesItsOwnPodsOnTheApiPort() {
    // a replica that does not own the ledger forwards every request to the owner's pod
    NetworkPolicy service = policyFor("Deployment/omnimargin");
    assertThat(service.getSpec().getEgress())
        .as("egress to the service's own pods on the API port")
        .anyMatch(
            r ->
                ports(r.getPorts()).contains(port("http"))
                    && r.getTo().stream()
                        .anyMatch(
                            p ->
                                p.getNamespaceSelector() == null
                                    && p.getIpBlock() == null
                                    && p.getPodSelector() != null
                                    && !p.getPodSelector().getMatchLabels().isEmpty()
                                    && PODS
                                        .selectedBy(p.getPodSelector(), "forwarding peer")
                                        .stream()
                                        .allMatch(o -> o.owner().equals("Deployment/omnimargin"))
                                    && Workloads.matches(p.getPodSelector(), SERVICE_PODS)));
    // and the owner takes it: the API port is open to every pod
    assertThat(service.getSpec().getIngress())
        .anyMatch(r -> r.getFrom().isEmpty() && ports(r.getPorts()).contains(port("http")));
  }
}
