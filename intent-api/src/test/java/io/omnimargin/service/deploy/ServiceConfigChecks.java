package io.omnimargin.service.deploy;

import static io.omnimargin.service.deploy.KubernetesManifestsTest.ALL;
import static io.omnimargin.service.deploy.KubernetesManifestsTest.serviceContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every variable the service container gets (its env, its ConfigMap's and its Secrets' keys) is a
 * configuration key the service reads, with a value of the key's type; secrets are empty templates
 * and never in a ConfigMap. Run as a nested class of {@link KubernetesManifestsTest}.
 */
abstract class ServiceConfigChecks {
  /** bin/omnimargin's own variables: the launcher reads them, not the service. */
  static final List<String> LAUNCHER = List.of("OMNIMARGIN_HEAP", "OMNIMARGIN_JAVA", "JAVA_OPTS");

  @Test
  void everyVariableTheServiceGetsIsAKeyItReads() throws IOException {
    Map<String, String> vars = serviceVariables();
    assertThat(vars).isNotEmpty();
    Map<String, Type> known = ConfigKeys.omnimargin();
    assertThat(known)
        .containsKeys(
            "omnimargin.cluster.kafka-bootstrap-servers",
            "omnimargin.settlement.hub-key",
            "omnimargin.hub.chain-id",
            "omnimargin.settlement.chains.*.rpc-urls");
    String launcher = Files.readString(Path.of("..", "bin", "omnimargin"));
    List<String> helpers = substitutionHelpers(serviceContainer());
    vars.forEach(
        (name, value) -> {
          if (LAUNCHER.contains(name)) {
            assertThat(launcher).as(name + " is read by bin/omnimargin").contains("${" + name);
            return;
          }
          if (helpers.contains(name)) {
            return;
          }
          String property =
              ConfigKeys.propertyOf(name)
                  .orElseThrow(() -> new AssertionError(name + " is not a key the service reads"));
          Type type = known.get(property);
          if (type != null && value != null) {
            assertThat(ConfigKeys.converts(type, value))
                .as(name + "=" + value + " converts to " + type.getTypeName())
                .isTrue();
          }
        });
  }

  /**
   * Variables set from the downward API only to be expanded into another one ({@code $(POD_IP)} in
   * a later variable's value): Kubernetes reads them, the service does not.
   */
  static List<String> substitutionHelpers(Container c) {
    List<String> helpers = new ArrayList<>();
    for (EnvVar e : c.getEnv()) {
      boolean fromPod = e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null;
      boolean expanded =
          c.getEnv().stream()
              .anyMatch(
                  o -> o.getValue() != null && o.getValue().contains("$(" + e.getName() + ")"));
      if (fromPod && expanded && !e.getName().startsWith("OMNIMARGIN_")) {
        helpers.add(e.getName());
      }
    }
    return helpers;
  }

  /** Every variable of the service container: its env, its ConfigMaps' and Secrets' keys. */
  static Map<String, String> serviceVariables() {
    Container c = serviceContainer();
    Map<String, String> vars = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      vars.put(e.getName(), e.getValue());
    }
    for (EnvFromSource from : c.getEnvFrom()) {
      assertThat(from.getPrefix()).isNull();
      if (from.getConfigMapRef() != null) {
        vars.putAll(
            Manifests.named(ALL, ConfigMap.class, from.getConfigMapRef().getName()).getData());
      } else {
        Secret s = Manifests.named(ALL, Secret.class, from.getSecretRef().getName());
        s.getStringData().keySet().forEach(k -> vars.put(k, null));
      }
    }
    return vars;
  }

  @Test
  void secretsAreTemplatesAndNeverInAConfigMap() {
    List<String> secretKeys = new ArrayList<>();
    for (Secret s : Manifests.of(ALL, Secret.class)) {
      assertThat(s.getData()).as("no encoded values in the repository").isNullOrEmpty();
      s.getStringData()
          .forEach(
              (k, v) -> {
                assertThat(v).as(k + " is empty in the template").isEmpty();
                secretKeys.add(k);
              });
    }
    assertThat(secretKeys.stream().map(ConfigKeys::propertyOf).flatMap(o -> o.stream()))
        .contains(
            "omnimargin.settlement.hub-key",
            "omnimargin.settlement.relayer-key",
            "omnimargin.oracle.push-token");
    for (ConfigMap m : Manifests.of(ALL, ConfigMap.class)) {
      assertThat(m.getData().keySet())
          .as("ConfigMap/" + m.getMetadata().getName())
          .doesNotContainAnyElementsOf(secretKeys)
          .noneMatch(k -> k.matches(".*(_KEY|_TOKEN|PASSWORD|SECRET)"));
    }
    List<String> referenced =
        serviceContainer().getEnvFrom().stream()
            .filter(f -> f.getSecretRef() != null)
            .map(f -> f.getSecretRef().getName())
            .toList();
    assertThat(referenced)
        .containsExactlyInAnyOrderElementsOf(
            Manifests.of(ALL, Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
  }
}
