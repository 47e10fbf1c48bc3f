package io.omnimargin.service.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's one {@link ObjectMapper} is Quarkus's; this makes it strict for what arrives from
 * outside (bounded nesting and string length, no member named twice, nothing after the document)
 * and hands it to the readers and writers that need it.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(65_536).build());
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // a member named twice is refused (malformed-json), not read as its last value
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    // value types leave the service as the strings the API has always used
    SimpleModule values = new SimpleModule("omnimargin-values");
    values.addSerializer(
        Address.class,
        new ToStringSerializerBase(Address.class) {
          @Override
          public String valueToString(Object value) {
            return ((Address) value).toLowerHex();
          }
        });
    values.addSerializer(
        OrderId.class,
        new ToStringSerializerBase(OrderId.class) {
          @Override
          public String valueToString(Object value) {
            return ((OrderId) value).toHex();
          }
        });
    mapper.registerModule(values);
  }

  /** The solver session protocol, for the socket, the feed and the bid and fill endpoints. */
  @Produces
  @Singleton
  SessionCodec sessionCodec(ObjectMapper mapper) {
    return new SessionCodec(mapper);
  }
}
