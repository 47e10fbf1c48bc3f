package io.omnimargin.service.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.RawHttp;
import io.omnimargin.service.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #16's fuzzer: hostile bodies, headers, framing and session frames against the packaged
 * service (the {@code local} profile, the default embedded store), through real sockets. jqwik
 * cannot drive a {@code @QuarkusTest}, so the service runs as its own process, as an attacker meets
 * it; every check is made over HTTP.
 *
 * <p>Every POST endpoint and every session message type is attacked from a valid request (see
 * {@link Fixture#seeds}, {@link SessionSeed}), so that mutations reach each endpoint's own checks.
 * The answer is never a 5xx or a stack trace; a request that must be refused gets a typed 4xx
 * problem (or, on the socket, a typed {@code error} or a 1008 close saying its code); a refused
 * request changes nothing ({@link StateProbe}); the service stays healthy. At the end the books
 * balance, reads created no account, the valid requests still work, and the service logged no
 * error.
 *
 * <p>Each property runs {@code jqwik.tries.default} tries, set from {@code omnimargin.fuzz.tries}
 * in the pom (a bounded budget in {@code verify}); docs/api.md has the command for a longer run.
 */
class HostileInputFuzzIT {
  private static Path work;
  private static ServiceProcess service;
  private static Fixture fixture;
  private static StateProbe probe;
  private static List<Seed> seeds;
  private static int accountsAtStart;
  private static final Set<String> credited = new HashSet<>();
  private static final AtomicLong probes = new AtomicLong();

  @BeforeContainer
  static void start() throws Exception {
    work = Files.createTempDirectory("hostile-input-fuzz");
    service =
        ServiceProcess.start(work, "service", Fixture.SETTINGS.toArray(String[]::new)).awaitReady();
    fixture = new Fixture(service).build();
    seeds = fixture.seeds();
    fixture.checkSeeds(seeds);
    probe = new StateProbe(service, fixture.reads());
    accountsAtStart = ledger().path("accounts").asInt();
  }

  @Provide
  Arbitrary<HttpAttack> httpAttacks() {
    return Attacks.http(seeds);
  }

  @Provide
  Arbitrary<SessionAttack> sessionAttacks() {
    return Attacks.session();
  }

  @Property
  void hostileRequestsGetTypedRefusalsAndChangeNothing(@ForAll("httpAttacks") HttpAttack attack)
      throws Exception {
    if (fixture.keepPricesFresh()) {
      probe.forget();
    }
    Map<String, String> before = probe.before();
    HttpAttack.Wire wire = attack.wire();
    Optional<RawHttp.Answer> answer =
        RawHttp.exchange(service.port, wire.bytes(), wire.halfClose(), 5_000);
    boolean itemized = attack.seed().itemized();
    Verdict.check(answer, wire.expect(), itemized, wire.target());
    Statistics.label("answers").collect(Verdict.summary(answer));
    if (Verdict.refused(answer, itemized)) {
      probe.unchangedSince(before, wire.target());
    } else {
      if (attack.seed().name().equals("faucet")) {
        credited.add(JsonEdits.parse(answer.get().body()).path("account").asText());
      }
      probe.settled();
    }
    probe.healthy(wire.target());
  }

  @Property
  void hostileSessionMessagesGetTypedErrors(@ForAll("sessionAttacks") SessionAttack attack)
      throws Exception {
    Map<String, String> before = probe.before();
    SessionAttack.Outcome outcome = attack.run(service.port, fixture, probes.incrementAndGet());
    Statistics.label("answers").collect(outcome.summary());
    // two copies in one frame may be refused once and accepted once
    if (outcome.refused() && attack.delivery() != SessionDelivery.TWO_IN_ONE) {
      probe.unchangedSince(before, attack.toString());
    } else {
      probe.settled();
    }
    probe.healthy(attack.toString());
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      if (probe != null) {
        afterTheRun();
      }
    } finally {
      if (service != null) {
        service.close();
      }
      deleteRecursively(work);
    }
  }

  /**
   * The books balance; reads created no account (only credits and the clearing house's own accounts
   * may be new); the valid requests that change nothing are still served; no error was logged.
   */
  private static void afterTheRun() throws Exception {
    probe.healthy("the run");
    var ledger = ledger();
    assertThat(ledger.path("imbalance").asText()).isEqualTo("0");
    assertThat(ledger.path("balanced").asBoolean()).isTrue();
    assertThat(ledger.path("accounts").asInt())
        .as("accounts: %d at the start, new credits to %s", accountsAtStart, credited)
        .isLessThanOrEqualTo(accountsAtStart + credited.size() + 3);
    for (Seed seed : seeds) {
      if (seed.name().startsWith("margin-check") || seed.name().equals("quote")) {
        fixture.post(seed.path(), seed.body()).statusCode(200);
      }
    }
    List<String> errors = new ArrayList<>();
    service
        .log()
        .lines()
        .filter(l -> l.contains(" ERROR ") || l.startsWith("\tat "))
        .forEach(errors::add);
    assertThat(errors).as("the service's log").isEmpty();
  }

  /** The ledger's summary, fresh: it is cached for a second. */
  private static com.fasterxml.jackson.databind.JsonNode ledger() throws InterruptedException {
    Thread.sleep(1_100);
    return JsonEdits.parse(given().baseUri(service.baseUri()).get("/v1/ledger").asString());
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
