package io.omnimargin.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The {@code local} profile, whose faucet and price pushes are open, listens on the loopback
 * interface only unless told otherwise. (Not a {@code @QuarkusTest}: in test mode Quarkus binds
 * localhost whatever the profile says, so the profile's own setting is what is checked.)
 */
class LocalProfileTest {

  static SmallRyeConfig profile(String profile) throws IOException {
    URL properties = LocalProfileTest.class.getResource("/application.properties");
    return new SmallRyeConfigBuilder()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(properties, 250))
        .build();
  }

  @Test
  void theLocalProfileListensOnLoopbackOnly() throws IOException {
    assertThat(profile("local").getOptionalValue("quarkus.http.host", String.class))
        .contains("127.0.0.1");
    assertThat(profile("local").getOptionalValue("quarkus.management.host", String.class))
        .contains("127.0.0.1");
  }

  @Test
  void prodListensOnEveryInterface() throws IOException {
    assertThat(profile("prod").getOptionalValue("quarkus.http.host", String.class))
        .isNotEqualTo(java.util.Optional.of("127.0.0.1"));
  }
}
