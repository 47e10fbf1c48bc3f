package io.omnimargin.service.store;

import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A Lua script run by {@code EVALSHA}, sent in full only when the server does not know it yet. */
final class LuaScript {
  private final String source;
  private final String sha1;

  private LuaScript(String source) {
    this.source = source;
    this.sha1 = sha1(source);
  }

  static LuaScript load(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream("/redis/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Response run(RedisCommands redis, List<String> keys, List<String> args) {
    try {
      return redis.execute("EVALSHA", arguments(sha1, keys, args));
    } catch (RuntimeException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
        throw e;
      }
      // After a server restart or SCRIPT FLUSH; EVAL also caches it again.
      return redis.execute("EVAL", arguments(source, keys, args));
    }
  }

  private static List<String> arguments(String script, List<String> keys, List<String> args) {
    List<String> all = new ArrayList<>(2 + keys.size() + args.size());
    all.add(script);
    all.add(Integer.toString(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all;
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
