package io.omnimargin.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/k8s} parse, and they agree with the service: its port, its probe
 * paths, Redis as the shared store, and configuration keys the service knows.
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of("..", "deploy", "k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<JsonNode> documents(String file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(DIR.resolve(file).toFile())) {
      Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        assertThat(doc.path("apiVersion").asText()).as(file).isNotEmpty();
        assertThat(doc.path("kind").asText()).as(file).isNotEmpty();
        assertThat(doc.path("metadata").path("name").asText()).as(file).isNotEmpty();
        docs.add(doc);
      }
    }
    return docs;
  }

  static JsonNode kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.get("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void serviceDeploymentMatchesTheService() throws IOException {
    List<JsonNode> docs = documents("omnimargin.yaml");
    JsonNode deployment = kind(docs, "Deployment");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");

    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThan(1);
    assertThat(port(container, "http")).isEqualTo(8080);
    // health and metrics are on the management interface (prod build), never on the API port
    assertThat(port(container, "management")).isEqualTo(9000);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
    JsonNode scrape = deployment.at("/spec/template/metadata/annotations");
    assertThat(scrape.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
    assertThat(scrape.path("prometheus.io/port").asText()).isEqualTo("9000");
    // the Service publishes the API only
    JsonNode published = kind(docs, "Service").at("/spec/ports");
    assertThat(published).hasSize(1);
    assertThat(published.at("/0/targetPort").asText()).isEqualTo("http");
    assertThat(deployment.at("/spec/template/metadata/labels"))
        .isEqualTo(kind(docs, "Service").at("/spec/selector"));

    JsonNode config = kind(docs, "ConfigMap").get("data");
    assertThat(config.get("OMNIMARGIN_STORE").asText()).isEqualTo("redis");
    assertThat(config.get("QUARKUS_REDIS_HOSTS").asText()).startsWith("redis://omnimargin-redis:");
    config
        .fieldNames()
        .forEachRemaining(key -> assertThat(key).matches("(OMNIMARGIN|QUARKUS)_[A-Z_]+"));
  }

  static int port(JsonNode container, String name) {
    for (JsonNode port : container.get("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + name);
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

  @Test
  void redisIsReachableUnderTheNameTheServiceUses() throws IOException {
    List<JsonNode> docs = documents("redis.yaml");
    assertThat(kind(docs, "Service").at("/metadata/name").asText()).isEqualTo("omnimargin-redis");
    assertThat(kind(docs, "Service").at("/spec/ports/0/port").asInt()).isEqualTo(6379);
    assertThat(Files.exists(Path.of("src", "main", "docker", "Dockerfile.jvm"))).isTrue();
  }
}
