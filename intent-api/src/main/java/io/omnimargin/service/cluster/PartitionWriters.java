package io.omnimargin.service.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.omnimargin.cluster.partition.LedgerPartitioner;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.config.OmnimarginConfig;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * On a partitioned ledger, which replica writes each partition, as the writers last said in Redis
 * ({@link WriterWatch} reads it every {@code omnimargin.cluster.owner-probe}). A new intent is sent
 * to the writer of its trader's partition, whose writer holds the margin in its own step, without a
 * command and an answer through the broker. It is a hint, never a rule: an entry gone stale sends
 * an intent to a replica that no longer writes the partition, which takes it through the log as any
 * replica would.
 */
@Singleton
public class PartitionWriters {
  private static final JsonFactory JSON = new JsonFactory();

  private final LedgerPartitioner partitioner;
  private volatile Map<Integer, URI> writers = Map.of();

  @Inject
  PartitionWriters(OmnimarginConfig config) {
    this(config.cluster().ledgerPartitions());
  }

  PartitionWriters(int partitions) {
    // a trader is never a system account: the plain hash places it
    this.partitioner = new LedgerPartitioner(Math.max(1, partitions));
  }

  /** The writers as read now: partition to the address of the replica that writes it. */
  void update(Map<Integer, URI> now) {
    writers = Map.copyOf(now);
  }

  /** The replica that writes {@code account}'s partition, if one is known. */
  public Optional<URI> of(Address account) {
    return Optional.ofNullable(writers.get(partitioner.of(account)));
  }

  /**
   * The trader of a new intent's body ({@code order.user}), read without decoding the rest: empty
   * for a body it cannot read, which the intake then answers as it would anywhere.
   */
  static Optional<Address> trader(Buffer body) {
    if (body == null || body.length() == 0) {
      return Optional.empty();
    }
    try (JsonParser p = JSON.createParser(body.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("order".equals(field) && value == JsonToken.START_OBJECT) {
          return user(p);
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // not this class's to judge: the intake answers the malformed body
    }
    return Optional.empty();
  }

  private static Optional<Address> user(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("user".equals(field) && value == JsonToken.VALUE_STRING) {
        return Optional.of(Address.parse(p.getText()));
      }
      p.skipChildren();
    }
    return Optional.empty();
  }
}
