package io.omnimargin.service.deploy;

import io.omnimargin.service.config.OmnimarginConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys the service reads, as environment variable names: every property of the
 * {@link OmnimarginConfig} mapping, found by reflection the way SmallRye Config names them
 * (kebab-case method names or {@code @WithName}, nested groups, {@code Optional}, {@code Map} keys
 * and {@code List}s), plus the few Quarkus keys the manifests set.
 */
final class ConfigKeys {
  /** Quarkus (not Omnimargin) properties the manifests may set. */
  static final List<String> QUARKUS =
      List.of(
          "quarkus.redis.hosts",
          "quarkus.http.proxy.proxy-address-forwarding",
          "quarkus.http.proxy.allow-x-forwarded",
          "quarkus.otel.traces.sampler",
          "quarkus.otel.exporter.otlp.traces.endpoint");

  private ConfigKeys() {}

  /** Property name (with {@code *} for a map key) to the type of its value. */
  static Map<String, Type> omnimargin() {
    Map<String, Type> keys = new LinkedHashMap<>();
    String prefix = OmnimarginConfig.class.getAnnotation(ConfigMapping.class).prefix();
    walk(prefix, OmnimarginConfig.class, keys);
    return keys;
  }

  private static void walk(String prefix, Class<?> group, Map<String, Type> keys) {
    for (Method m : group.getDeclaredMethods()) {
      if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      WithName named = m.getAnnotation(WithName.class);
      String name = prefix + "." + (named != null ? named.value() : kebab(m.getName()));
      property(name, m.getGenericReturnType(), keys);
    }
  }

  private static void property(String name, Type type, Map<String, Type> keys) {
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      property(name, argument(type, 0), keys);
    } else if (raw == Map.class) {
      property(name + ".*", argument(type, 1), keys);
    } else if (raw == List.class && isGroup(raw(argument(type, 0)))) {
      property(name + "[*]", argument(type, 0), keys);
    } else if (isGroup(raw)) {
      walk(name, raw, keys);
    } else {
      keys.put(name, type);
    }
  }

  private static boolean isGroup(Class<?> c) {
    return c.isInterface() && c.getName().startsWith("io.omnimargin.service.config.");
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  private static Type argument(Type type, int i) {
    return ((ParameterizedType) type).getActualTypeArguments()[i];
  }

  static String kebab(String method) {
    return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * The environment variable names of a property, as SmallRye Config matches them: every character
   * other than a letter or digit becomes {@code _}, upper case; a map key ({@code *}) may be any
   * run of upper-case letters, digits and underscores (a quoted key brings its own).
   */
  static Pattern env(String property) {
    StringBuilder regex = new StringBuilder();
    for (String part : property.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append("[A-Z0-9_]+");
      }
      regex.append(Pattern.quote(part.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")));
    }
    return Pattern.compile(regex.toString());
  }

  /** The property an environment variable sets, if it is one the service reads. */
  static Optional<String> propertyOf(String envName) {
    return Stream.concat(omnimargin().keySet().stream(), QUARKUS.stream())
        .filter(p -> env(p).matcher(envName).matches())
        .findFirst();
  }

  /** A value SmallRye Config would not convert to the property's type is a mistake. */
  static boolean converts(Type type, String value) {
    Class<?> raw = raw(type);
    try {
      if (raw == int.class || raw == Integer.class) {
        Integer.parseInt(value);
      } else if (raw == long.class || raw == Long.class) {
        Long.parseLong(value);
      } else if (raw == short.class || raw == Short.class) {
        Short.parseShort(value);
      } else if (raw == boolean.class || raw == Boolean.class) {
        return value.equals("true") || value.equals("false");
      } else if (raw.isEnum()) {
        String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
        return Stream.of(raw.getEnumConstants()).anyMatch(c -> c.toString().equals(constant));
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
