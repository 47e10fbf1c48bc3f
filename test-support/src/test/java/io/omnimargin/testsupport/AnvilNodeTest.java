package io.omnimargin.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilNodeTest {
  @TempDir Path root;

  @Test
  void findsSettlementContractsFromAnyFolderBelowTheProjectRoot() throws Exception {
    Path contracts = Files.createDirectories(root.resolve("settlement/contracts"));
    Path deep = Files.createDirectories(root.resolve("intent-api/src/test"));

    assertThat(AnvilNode.findContractsDir(deep)).contains(contracts);
    assertThat(AnvilNode.findContractsDir(root.resolve("settlement"))).contains(contracts);
    assertThat(AnvilNode.findContractsDir(root)).contains(contracts);
  }

  @Test
  void saysSoWhenThereIsNoProjectAbove() throws Exception {
    Path elsewhere = Files.createDirectories(root.resolve("not/a/project"));
    assertThat(AnvilNode.findContractsDir(elsewhere)).isEmpty();
  }

  @Test
  void thisBuildFindsTheRealContractsFolder() {
    Path dir = AnvilNode.contractsDir();
    assertThat(dir).isDirectory();
    assertThat(dir.resolve("package.json")).exists();
    assertThat(dir.toAbsolutePath().normalize().endsWith(Path.of("settlement", "contracts")))
        .isTrue();
  }
}
