package io.omnimargin.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates fixture files: an env override first, else {@code ../shared/fixtures} beside the repo.
 */
public final class SharedFixtures {
  private SharedFixtures() {}

  public static Path path(String envOverride, String fileName) {
    String override = System.getenv(envOverride);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String shared = System.getProperty("shared.dir");
    Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
    return base.resolve("fixtures").resolve(fileName);
  }

  public static JsonNode read(String envOverride, String fileName) {
    Path path = path(envOverride, fileName);
    if (!Files.isReadable(path)) {
      throw new IllegalStateException(
          "fixture file "
              + path.toAbsolutePath().normalize()
              + " is missing: put the shared folder beside this repository (../shared), or set"
              + " -Dshared.dir or "
              + envOverride);
    }
    try {
      return new ObjectMapper().readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
