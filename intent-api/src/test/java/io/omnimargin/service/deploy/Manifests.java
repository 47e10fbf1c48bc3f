package io.omnimargin.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every manifest in {@code deploy/k8s}, read into the Kubernetes object model (fabric8) and
 * Strimzi's: a document of a kind not listed here, a field its type does not have, or a value of
 * the wrong type (a string where the API has a number, a number where it has a string) fails.
 */
final class Manifests {
  static final Path DIR = Path.of("..", "deploy", "k8s");

  /** The kinds these manifests may use, by {@code apiVersion/kind}. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

  static final ObjectMapper STRICT = strictMapper();

  private Manifests() {}

  /**
   * Fails on unknown properties even where the model would keep them: fabric8's and Strimzi's
   * classes collect unknown fields in an "additionalProperties" map (a {@code @JsonAnySetter}),
   * which this mapper takes away; scalars are not coerced between strings, numbers and booleans.
   */
  private static ObjectMapper strictMapper() {
    SimpleModule strict = new SimpleModule("strict-manifests");
    strict.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
          }
        });
    YAMLMapper mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(strict)
            .build();
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /** Every document of every {@code *.yaml} in the directory. */
  static List<HasMetadata> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      List<HasMetadata> all = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(read(file));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HasMetadata> read(String file) {
    return read(DIR.resolve(file));
  }

  static List<HasMetadata> read(Path file) {
    List<HasMetadata> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var it = STRICT.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        docs.add(parse(file.getFileName() + " document " + (docs.size() + 1), doc));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    return docs;
  }

  static HasMetadata parse(String where, JsonNode doc) {
    String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    assertThat(KINDS).as(where + ": a kind these manifests may use").containsKey(type);
    HasMetadata resource;
    try {
      resource = STRICT.treeToValue(doc, KINDS.get(type));
    } catch (IOException e) {
      throw new AssertionError(where + " (" + type + ") is not a valid " + type, e);
    }
    assertThat(resource.getMetadata()).as(where + ": metadata").isNotNull();
    assertThat(resource.getMetadata().getName()).as(where + ": metadata.name").isNotBlank();
    return resource;
  }

  static <T extends HasMetadata> List<T> of(List<HasMetadata> docs, Class<T> kind) {
    return docs.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  static <T extends HasMetadata> T named(List<HasMetadata> docs, Class<T> kind, String name) {
    return of(docs, kind).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
  }

  static <T extends HasMetadata> T only(List<HasMetadata> docs, Class<T> kind) {
    List<T> found = of(docs, kind);
    assertThat(found).as("exactly one " + kind.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
