package io.omnimargin.service.config;

import io.omnimargin.protocol.types.Address;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads addresses in configuration once, at start-up: a bad one stops the service with the property
 * named, and the code gets {@link Address} values, never strings to parse again.
 */
public final class AddressConverter implements Converter<Address> {
  private static final long serialVersionUID = 1L;

  @Override
  public Address convert(String value) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.isEmpty()) {
      return null; // an empty list entry: not an address, and not an error
    }
    try {
      return Address.parse(trimmed);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an address (" + e.getMessage() + "): " + value, e);
    }
  }
}
