package io.omnimargin.service.fuzz;

import io.omnimargin.service.fuzz.BodyMutation.Junk;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The generators: most requests change one thing in a valid body and send it correctly, so that the
 * change reaches the endpoint's own checks; the rest attack the method, path, headers and framing,
 * or the session's frames.
 */
final class Attacks {
  private Attacks() {}

  static Arbitrary<HttpAttack> http(List<Seed> seeds) {
    return Combinators.combine(
            Arbitraries.of(seeds),
            bodies(),
            deliveries(),
            headers(),
            methods(),
            paths(),
            Arbitraries.longs())
        .as(HttpAttack::new);
  }

  static Arbitrary<SessionAttack> session() {
    return Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(15, Arbitraries.just(Handshake.VALID)),
                Tuple.of(1, Arbitraries.of(Handshake.class))),
            Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)),
            Arbitraries.of(SessionSeed.class),
            bodies(),
            Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(SessionDelivery.TEXT)),
                Tuple.of(5, Arbitraries.of(SessionDelivery.class))))
        .as(SessionAttack::new);
  }

  static Arbitrary<BodyMutation> bodies() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 199);
    Arbitrary<Hostile> hostile = Arbitraries.of(Hostile.class);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(new BodyMutation.Unchanged())),
        Tuple.of(6, pick.map(BodyMutation.Remove::new)),
        Tuple.of(12, Combinators.combine(pick, hostile).as(BodyMutation.Replace::new)),
        Tuple.of(
            14,
            Combinators.combine(pick, Arbitraries.integers().between(0, Variants.COUNT - 1))
                .as(BodyMutation.Derive::new)),
        Tuple.of(
            4,
            Combinators.combine(
                    pick, Arbitraries.of("extra", "signature2", "__proto__", "ｏrder"), hostile)
                .as(BodyMutation.AddMember::new)),
        Tuple.of(
            5, Combinators.combine(pick, hostile.injectNull(0.5)).as(BodyMutation.Duplicate::new)),
        Tuple.of(
            3,
            Combinators.combine(pick, Arbitraries.integers().between(1, 40))
                .as(BodyMutation.Nest::new)),
        Tuple.of(5, Arbitraries.integers().between(0, 99).map(BodyMutation.Truncate::new)),
        Tuple.of(
            5,
            Combinators.combine(Arbitraries.integers().between(0, 100), Arbitraries.of(Junk.class))
                .as(BodyMutation.Splice::new)),
        Tuple.of(3, Arbitraries.of(BodyMutation.TRAILING).map(BodyMutation.Trailing::new)),
        Tuple.of(3, Arbitraries.of(BodyMutation.ROOTS).map(BodyMutation.Root::new)),
        Tuple.of(4, Arbitraries.integers().between(0, 2).map(BodyMutation.Rewrite::new)));
  }

  static Arbitrary<Delivery> deliveries() {
    return Arbitraries.frequencyOf(
        Tuple.of(60, Arbitraries.just(new Delivery.Length())),
        Tuple.of(
            12,
            Combinators.combine(Arbitraries.integers().between(1, 64), Arbitraries.of(true, false))
                .as(Delivery.Chunked::new)),
        Tuple.of(4, Arbitraries.integers().between(0, 1000).map(Delivery.ShortLength::new)),
        Tuple.of(1, Arbitraries.integers().between(0, 100).map(Delivery.LongLength::new)),
        Tuple.of(1, Arbitraries.integers().between(1, 64).map(Delivery.Unended::new)),
        Tuple.of(4, Arbitraries.integers().between(0, 99).map(Delivery.HalfClosed::new)),
        Tuple.of(
            3,
            Combinators.combine(
                    Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false))
                .as(Delivery.Padded::new)),
        Tuple.of(5, Arbitraries.of(Delivery.Broken.Kind.class).map(Delivery.Broken::new)));
  }

  static Arbitrary<HeaderAttack> headers() {
    return Arbitraries.frequencyOf(
        Tuple.of(7, Arbitraries.just(HeaderAttack.NONE)),
        Tuple.of(3, Arbitraries.of(HeaderAttack.class)));
  }

  static Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        Tuple.of(30, Arbitraries.just("POST")),
        Tuple.of(2, Arbitraries.of("PUT", "PATCH", "DELETE", "GET", "FOO", "post")));
  }

  static Arbitrary<PathAttack> paths() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(PathAttack.NONE)),
        Tuple.of(1, Arbitraries.of(PathAttack.class)));
  }
}
