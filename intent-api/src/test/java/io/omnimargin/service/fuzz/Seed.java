package io.omnimargin.service.fuzz;

import java.util.Set;

/**
 * A valid request the fuzzer mutates: the endpoint, its path parameter if it has one, the body as
 * the API documents it, and the members that may be left out. {@code accepted} says what the valid
 * body itself gets before any mutation: a 2xx, or the typed refusal the fixture cannot avoid (a
 * front of a deposit no chain reported), which proves the body got past every check before it.
 *
 * @param template the path, with {@code {param}} where the parameter goes if it has one
 * @param accepted the status class or problem code the unchanged body gets
 * @param limit the endpoint's body limit in bytes
 */
record Seed(
    String name,
    String template,
    String param,
    String body,
    Set<String> optional,
    String accepted,
    int limit) {

  /** The request path with {@code withParam} as its parameter. */
  String path(String withParam) {
    return template.replace("{param}", withParam);
  }

  /** The request path with its own parameter. */
  String path() {
    return param == null ? template : path(param);
  }

  /** Whether a 2xx answer carries a result per item, each accepted or refused on its own. */
  boolean itemized() {
    return "/v1/intents/cancel".equals(template);
  }

  boolean optional(String pointer) {
    return optional.contains(pointer);
  }

  @Override
  public String toString() {
    return name;
  }
}
