package io.omnimargin.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/k8s} are valid Kubernetes objects and agree with each other and
 * with the service: selectors pick the pods they mean, every port a Service or probe names exists,
 * the probes ask the service's real health paths, every variable the service container gets is a
 * configuration key it reads, and secrets stay out of ConfigMaps. Kafka, Redis and the network
 * policies are checked by the nested classes, whose tests live in {@link ServiceConfigChecks},
 * {@link BackingServicesChecks} and {@link NetworkPolicyChecks}.
 */
class KubernetesManifestsTest {
  @Nested
  class KafkaAndRedis extends BackingServicesChecks {}

  @Nested
  class NetworkPolicies extends NetworkPolicyChecks {}

  @Nested
  class ServiceConfiguration extends ServiceConfigChecks {}

  static final List<HasMetadata> ALL = Manifests.all();
  static final Workloads PODS = Workloads.of(ALL);

  static Deployment service() {
    return Manifests.named(ALL, Deployment.class, "omnimargin");
  }

  static Container serviceContainer() {
    return service().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static ConfigMap serviceConfig() {
    return Manifests.named(ALL, ConfigMap.class, "omnimargin");
  }

  @Test
  void everyFileReadsIntoTheObjectModelAndAWrongFieldWouldNot() throws IOException {
    try (Stream<Path> files = Files.list(Manifests.DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        assertThat(Manifests.read(file)).as(file.toString()).isNotEmpty();
      }
    }
    String deployment =
        "{apiVersion: apps/v1, kind: Deployment, metadata: {name: x}, spec: {replicas: %s,"
            + " template: {spec: {containers: [{name: x, image: y, %s}]}}}}";
    assertThat(parse(String.format(deployment, "1", "ports: [{containerPort: 80}]")))
        .isInstanceOf(Deployment.class);
    // an unknown field, a string for a number, a number for a string, an unknown kind
    assertThatThrownBy(() -> parse(String.format(deployment, "1", "portz: []")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> parse(String.format(deployment, "'1'", "ports: []")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> parse(String.format(deployment, "1", "ports: [{name: 8080}]")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> parse("{apiVersion: apps/v1, kind: Deploymnt, metadata: {name: x}}"))
        .isInstanceOf(AssertionError.class);
  }

  static HasMetadata parse(String yaml) throws IOException {
    return Manifests.parse("inline", Manifests.STRICT.readTree(yaml));
  }

  @Test
  void selectorsPickThePodsTheyMean() {
    for (Workloads.Pods pods : PODS.pods()) {
      if (pods.spec() != null) {
        assertThat(Workloads.matches(pods.selector(), pods.labels()))
            .as(pods.owner() + ": its selector matches its own pod template")
            .isTrue();
      }
    }
    for (Service s : Manifests.of(ALL, Service.class)) {
      PODS.selectedBy(s.getSpec().getSelector(), "Service/" + s.getMetadata().getName());
    }
    for (PodDisruptionBudget pdb : Manifests.of(ALL, PodDisruptionBudget.class)) {
      PODS.selectedBy(pdb.getSpec().getSelector(), "PDB/" + pdb.getMetadata().getName());
    }
    for (StatefulSet s : Manifests.of(ALL, StatefulSet.class)) {
      Service governing = Manifests.named(ALL, Service.class, s.getSpec().getServiceName());
      assertThat(PODS.selectedBy(governing.getSpec().getSelector(), "its governing Service"))
          .extracting(Workloads.Pods::owner)
          .contains("StatefulSet/" + s.getMetadata().getName());
    }
  }

  @Test
  void everyPortAServiceOrProbeNamesIsAContainerPort() {
    for (Service s : Manifests.of(ALL, Service.class)) {
      String name = "Service/" + s.getMetadata().getName();
      for (ServicePort port : s.getSpec().getPorts()) {
        for (Workloads.Pods pods : PODS.selectedBy(s.getSpec().getSelector(), name)) {
          assertThat(pods.hasPort(port.getTargetPort()))
              .as(name + " targetPort " + port.getTargetPort() + " on " + pods.owner())
              .isTrue();
        }
      }
    }
    for (Workloads.Pods pods : PODS.pods()) {
      if (pods.spec() == null) {
        continue;
      }
      for (Container c : pods.spec().getContainers()) {
        for (Probe probe :
            Stream.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())
                .filter(p -> p != null)
                .toList()) {
          IntOrString port = probePort(probe);
          if (port != null) {
            assertThat(c.getPorts())
                .as(pods.owner() + " probe port " + port)
                .anyMatch(p -> Workloads.names(p, port));
          }
        }
      }
    }
  }

  static IntOrString probePort(Probe probe) {
    if (probe.getHttpGet() != null) {
      return probe.getHttpGet().getPort();
    }
    return probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
  }

  @Test
  void theServiceListensAndAnswersWhereTheProbesAsk() throws IOException {
    Properties app = new Properties();
    app.load(
        new StringReader(
            Files.readString(Path.of("src", "main", "resources", "application.properties"))));
    Container c = serviceContainer();
    assertThat(port(c, "http")).isEqualTo(Integer.parseInt(app.getProperty("quarkus.http.port")));
    // health and metrics are on the management interface (prod build), never on the API port
    assertThat(app.getProperty("quarkus.management.enabled")).isEqualTo("true");
    int management = Integer.parseInt(app.getProperty("quarkus.management.port"));
    assertThat(port(c, "management")).isEqualTo(management);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    for (Probe p : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
      assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
    Map<String, String> scrape = service().getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(scrape).containsEntry("prometheus.io/path", "/q/metrics");
    assertThat(scrape).containsEntry("prometheus.io/port", Integer.toString(management));
    // the Service publishes the API only
    List<ServicePort> published =
        Manifests.named(ALL, Service.class, "omnimargin").getSpec().getPorts();
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getTargetPort().getStrVal()).isEqualTo("http");
  }

  static int port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name))
        .getContainerPort();
  }

  @Test
  void threeReplicasRollOneAtATimeAndEvictionsGoOneByOne() {
    // One replica owns the ledger and the others forward to it: a new pod joins as a follower, the
    // old owner hands the ledger over on SIGTERM, and every ledger write is fenced by the owner's
    // epoch. So pods may overlap, and there are always spares to take the ledger over.
    Deployment d = service();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    assertThat(strategy.getType()).isEqualTo("RollingUpdate");
    assertThat(strategy.getRollingUpdate().getMaxUnavailable())
        .as("a rollout never goes below the replica count")
        .isEqualTo(new IntOrString(0));
    assertThat(strategy.getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(1));
    HorizontalPodAutoscaler hpa = Manifests.only(ALL, HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas())
        .as("the HPA owns the replica count: it must not scale below the Deployment's")
        .isEqualTo(d.getSpec().getReplicas());
    assertThat(hpa.getSpec().getMaxReplicas())
        .isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources())
        .as("a CPU request, which the HPA's utilization is relative to")
        .matches(r -> r.getRequests().containsKey("cpu"));
    PodDisruptionBudget pdb = Manifests.named(ALL, PodDisruptionBudget.class, "omnimargin");
    assertThat(
            Workloads.matches(
                pdb.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
        .isTrue();
    assertThat(PODS.selectedBy(pdb.getSpec().getSelector(), "PDB/omnimargin"))
        .extracting(Workloads.Pods::owner)
        .containsExactly("Deployment/omnimargin");
    assertThat(pdb.getSpec().getMinAvailable())
        .as("maxUnavailable instead: it holds whatever replica count the HPA sets")
        .isNull();
    assertThat(pdb.getSpec().getMaxUnavailable())
        .as("evictions one at a time")
        .isEqualTo(new IntOrString(1));
  }

  @Test
  void theOwnerIsReachedAtItsPodAddressOnTheApiPort() {
    Container c = serviceContainer();
    EnvVar url = env(c, "OMNIMARGIN_CLUSTER_ADVERTISED_URL");
    assertThat(url.getValueFrom()).isNull();
    assertThat(url.getValue())
        .as("each pod's own address, not the Service's (which picks any replica)")
        .isEqualTo("http://$(POD_IP):" + port(c, "http"));
    EnvVar ip = env(c, "POD_IP");
    assertThat(ip.getValue()).isNull();
    assertThat(ip.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    List<String> names = c.getEnv().stream().map(EnvVar::getName).toList();
    assertThat(names.indexOf("POD_IP"))
        .as("$(POD_IP) expands only a variable declared before it")
        .isLessThan(names.indexOf("OMNIMARGIN_CLUSTER_ADVERTISED_URL"));
    assertThat(serviceConfig().getData())
        .as("per pod, never one address for all in the ConfigMap")
        .doesNotContainKey("OMNIMARGIN_CLUSTER_ADVERTISED_URL");
  }

  @Test
  void theReplicaIdIsThePodName() {
    EnvVar id = env(serviceContainer(), "OMNIMARGIN_CLUSTER_REPLICA_ID");
    assertThat(id.getValue()).isNull();
    assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
  }

  static EnvVar env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no variable " + name));
  }

  @Test
  void theImageExposesBothPorts() throws IOException {
    String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
    assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8080 9000$");
  }

  @Test
  void theImageStartsTheServiceWithTheLauncher() throws IOException {
    String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
    assertThat(dockerfile)
        .contains("COPY --chown=185 bin/omnimargin /deployments/bin/omnimargin")
        .containsPattern("(?m)^ENTRYPOINT \\[\"/deployments/bin/omnimargin\"\\]$");
    assertThat(Files.isExecutable(Path.of("..", "bin", "omnimargin"))).isTrue();
  }
}
