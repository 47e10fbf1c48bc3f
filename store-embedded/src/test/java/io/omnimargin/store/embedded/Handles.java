package io.omnimargin.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Database handles a contract test opens on one file: the first as the store under test, later ones
 * as a second replica or a restarted service would see the same data. All are closed after the
 * test.
 */
final class Handles implements AutoCloseable {
  private final Path file;
  private final List<EmbeddedDatabase> open = new ArrayList<>();

  Handles(Path dir) {
    this.file = dir.resolve(EmbeddedStorage.DATABASE_FILE);
  }

  EmbeddedDatabase next() {
    EmbeddedDatabase db = EmbeddedDatabase.open(file, EmbeddedDatabase.Sync.FULL);
    open.add(db);
    return db;
  }

  @Override
  public void close() {
    open.forEach(EmbeddedDatabase::close);
    open.clear();
  }
}
