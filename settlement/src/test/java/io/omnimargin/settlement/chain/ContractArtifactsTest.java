package io.omnimargin.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed artifacts in {@code contracts/build} are what {@code solc} (pinned in {@code
 * contracts/package.json}) makes of the committed sources. Needs Node; without it the test fails
 * and says how to get it.
 */
class ContractArtifactsTest {

  @Test
  void committedArtifactsMatchTheSources() throws Exception {
    Path dir = Path.of(System.getProperty("contracts.dir", "contracts"));
    Process p;
    try {
      p =
          new ProcessBuilder("node", "compile.mjs", "--check")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      throw new AssertionError(
          "node is needed to check the contract artifacts: install Node.js 18+ and run `npm ci` in "
              + dir.toAbsolutePath(),
          e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("artifacts match sources");
  }

  @Test
  void artifactsAreOnTheClasspathWithTheirCompiler() {
    for (ContractArtifact a :
        new ContractArtifact[] {
          ContractArtifact.VAULT,
          ContractArtifact.PRICE_AGGREGATOR,
          ContractArtifact.TEST_TOKEN,
          ContractArtifact.HTLC
        }) {
      assertThat(a.bytecode().startsWith("0x60")).as(a.name() + " has creation code").isTrue();
      assertThat(a.compiler()).startsWith("0.8.30+");
    }
    assertThat(new File(System.getProperty("contracts.dir", "contracts"), "src")).isDirectory();
  }
}
