package io.omnimargin.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pods the manifests run: their labels and, where the manifests define them, their spec. */
record Workloads(List<Pods> pods) {
  /** Pods of one workload; {@code spec} is null for pods an operator makes (Strimzi's brokers). */
  record Pods(String owner, Map<String, String> labels, LabelSelector selector, PodSpec spec) {
    List<ContainerPort> ports() {
      return spec == null
          ? List.of()
          : spec.getContainers().stream()
              .filter(c -> c.getPorts() != null)
              .flatMap(c -> c.getPorts().stream())
              .toList();
    }

    /** Whether a port given by name or number is one of these pods' container ports. */
    boolean hasPort(IntOrString port) {
      return ports().stream().anyMatch(p -> Workloads.names(p, port));
    }
  }

  static Workloads of(List<HasMetadata> docs) {
    List<Pods> pods = new ArrayList<>();
    for (Deployment d : Manifests.of(docs, Deployment.class)) {
      pods.add(pods(d, d.getSpec().getSelector(), d.getSpec().getTemplate()));
    }
    for (StatefulSet s : Manifests.of(docs, StatefulSet.class)) {
      pods.add(pods(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
    }
    // The labels Strimzi gives the pods of a Kafka cluster it runs.
    for (Kafka k : Manifests.of(docs, Kafka.class)) {
      String name = k.getMetadata().getName();
      Map<String, String> labels =
          Map.of(
              "strimzi.io/cluster",
              name,
              "strimzi.io/kind",
              "Kafka",
              "strimzi.io/name",
              name + "-kafka");
      pods.add(new Pods("Kafka/" + name, labels, null, null));
    }
    return new Workloads(pods);
  }

  private static Pods pods(HasMetadata owner, LabelSelector selector, PodTemplateSpec template) {
    String name = owner.getKind() + "/" + owner.getMetadata().getName();
    assertThat(template.getMetadata().getLabels()).as(name + " pod labels").isNotEmpty();
    PodSpec spec = template.getSpec();
    assertThat(spec.getContainers()).as(name + " containers").isNotEmpty();
    for (Container c : spec.getContainers()) {
      assertThat(c.getName()).as(name + " container name").isNotBlank();
      assertThat(c.getImage()).as(name + " container image").isNotBlank();
    }
    return new Pods(name, template.getMetadata().getLabels(), selector, spec);
  }

  /** A selector matches labels when every matchLabels entry is among them ({} matches all). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    assertThat(selector.getMatchExpressions())
        .as("matchExpressions are not used in these manifests")
        .isNullOrEmpty();
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels.entrySet().containsAll(selector.entrySet());
  }

  /** The pods a selector picks; at least one workload, or the selector is a typo. */
  List<Pods> selectedBy(LabelSelector selector, String what) {
    List<Pods> found = pods.stream().filter(p -> matches(selector, p.labels())).toList();
    assertThat(found).as(what + " selects the pods of some workload").isNotEmpty();
    return found;
  }

  List<Pods> selectedBy(Map<String, String> selector, String what) {
    List<Pods> found = pods.stream().filter(p -> matches(selector, p.labels())).toList();
    assertThat(found).as(what + " selects the pods of some workload").isNotEmpty();
    return found;
  }

  Pods owner(String owner) {
    return pods.stream()
        .filter(p -> p.owner().equals(owner))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload " + owner));
  }

  static boolean names(ContainerPort p, IntOrString port) {
    return port.getStrVal() != null
        ? port.getStrVal().equals(p.getName())
        : port.getIntVal().equals(p.getContainerPort());
  }
}
