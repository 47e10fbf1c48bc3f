package io.omnimargin.service.explorer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real browser (Debian's headless Chromium) against the real service: a trader
 * funded on two chains buys ETH-PERP from a solver through an auction; the account page shows every
 * number of {@code GET /v1/accounts/{address}}, and follows a price push and a route going down
 * without a reload; the overview, the search box, the intent page with its ranked bids, the
 * settlement page and the 404 page load. Screenshots go to target/screenshots.
 */
@QuarkusTest
@TestProfile(ExplorerBrowserTest.Explorer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserTest {
  static final PrivateKey TRADER = SignedOrders.key(1701);
  static final PrivateKey SOLVER = PrivateKey.fromHex("0x" + "e5".repeat(32));

  public static class Explorer implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.auction.enabled", "true",
          "omnimargin.solvers.allow", SOLVER.address().toChecksumHex(),
          "omnimargin.solvers.bond", "5000",
          "omnimargin.auction.window", "1s",
          "omnimargin.risk-monitor.interval", "1h");
    }
  }

  private static Browser browser;
  private static String orderId;

  @Inject MutableClock clock;
  @Inject io.omnimargin.service.risk.RiskSchedule riskSchedule;

  @TestHTTPResource("/")
  URL base;

  private Browser browser() {
    if (browser == null) {
      browser = new Browser(1280, 2400);
    }
    return browser;
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Funds both sides on two chains, prices the assets and fills one intent (once per class). */
  private String trade() throws InterruptedException {
    if (orderId != null) {
      return orderId;
    }
    long now = clock.instant().getEpochSecond();
    Trading.fund(TRADER, "1", "ETH", "10");
    Trading.fund(TRADER, "42161", "USDC", "5000");
    Trading.fund(SOLVER, "1", "ETH", "10");
    Trading.price("ETH", "3000", now);
    Trading.price("USDC", "1", now);
    Trading.register(SOLVER, now - 60);
    String id = Trading.buy(TRADER, 1, 2, 3100);
    Trading.await("auctioning", () -> "AUCTIONING".equals(Trading.status(id)));
    Trading.bid(SOLVER, id, 3010, 2, now + 300);
    Trading.await("awarded", () -> "AWARDED".equals(Trading.status(id)));
    Trading.fill(SOLVER, id, 2, 3010);
    Trading.await("filled", () -> "FILLED".equals(Trading.status(id)));
    orderId = id;
    return id;
  }

  private String url(String path) {
    return base.toString().replaceAll("/$", "") + path;
  }

  @Test
  @Order(1)
  void theOverviewShowsMarketsLedgerAndRoutesAndItsSearchFindsTheIntent() throws Exception {
    String id = trade();
    Browser b = browser();
    b.open(url("/"));
    b.screenshot("overview");
    JsonPath markets = given().get("/v1/markets").then().extract().jsonPath();
    Map<String, String> eth = markets.getMap("find { it.market == 'ETH-PERP' }");
    assertThat(value(b, "tr[data-market='ETH-PERP'] [data-field=indexPrice]"))
        .isEqualTo(eth.get("indexPrice"));
    assertThat(value(b, "tr[data-market='ETH-PERP'] [data-field=openInterestLong]"))
        .isEqualTo(eth.get("openInterestLong"));
    assertThat(value(b, "tr[data-market='ETH-PERP'] [data-field=fundingRate]"))
        .isEqualTo(eth.get("fundingRate"));
    assertThat(text(b, "[data-field=balanced]")).startsWith("Balanced");
    assertThat(text(b, "tr[data-route='42161'] [data-field=live]")).isEqualTo("live");

    b.driver.findElement(By.id("q")).sendKeys(id);
    b.driver.findElement(By.cssSelector("form.search button")).click();
    wait(b).until(d -> d.getCurrentUrl().endsWith("/intents/" + id));
    assertThat(text(b, "[data-field=status]")).isEqualTo("FILLED");
    assertThat(b.driver.findElements(By.cssSelector("ol.timeline li")))
        .extracting(e -> e.getAttribute("data-status"))
        .containsSubsequence("OPEN", "AUCTIONING", "AWARDED", "FILLED");
    String solver = SOLVER.address().toChecksumHex();
    assertThat(text(b, "tr[data-bid='" + solver + "'] [data-field=rank]")).isEqualTo("1");
    assertThat(value(b, "tr[data-bid='" + solver + "'] [data-field=price]"))
        .isEqualTo("3010000000000000000000");
    assertThat(text(b, "tr[data-bid='" + solver + "'] [data-field=price]")).isEqualTo("3,010.00");
    b.screenshot("intent");

    b.driver.findElement(By.cssSelector("a[data-field=user]")).click();
    wait(b).until(d -> d.getCurrentUrl().endsWith("/accounts/" + TRADER.address().toChecksumHex()));
    assertThat(text(b, "[data-field=address]")).isEqualTo(TRADER.address().toChecksumHex());
    assertThat(text(b, "tr[data-intent='" + id + "'] td:nth-of-type(2)")).isEqualTo("FILLED");

    b.open(url("/solvers/" + solver));
    assertThat(text(b, "[data-field=awards]")).isEqualTo("1");
    assertThat(text(b, "[data-field=fills]")).isEqualTo("1");
    assertThat(text(b, "[data-field=fades]")).isEqualTo("0");
    assertThat(text(b, "[data-field=suspension]")).isEqualTo("Not suspended");
    assertThat(value(b, "tr[data-position='ETH-PERP'] [data-field=size]")).isEqualTo("-2");
    b.screenshot("solver");
  }

  @Test
  @Order(2)
  void theAccountPageShowsEveryNumberOfTheApiAndFollowsPricesAndRoutesLive() throws Exception {
    trade();
    Browser b = browser();
    String address = TRADER.address().toChecksumHex();
    b.open(url("/accounts/" + address.toLowerCase(java.util.Locale.ROOT)));
    assertThat(text(b, "[data-field=address]")).isEqualTo(address); // checksummed
    assertThat(b.driver.findElements(By.cssSelector("section.chain"))).hasSize(2);
    int checked = PageNumbers.assertEqualToApi(b, address);
    assertThat(checked).isGreaterThan(40);
    wait(b).until(d -> "true".equals(attribute(b, "[data-walk]", "data-drawn")));
    wait(b).until(d -> "open".equals(b.script("return document.body.dataset.live")));
    b.screenshot("account");

    String before = value(b, "[data-field=avMaintenance]");
    b.script("window.explorerTestMarker = 'not reloaded'");
    clock.advance(Duration.ofSeconds(1));
    Trading.price("ETH", "2900", clock.instant().getEpochSecond());
    Trading.route("1", false);
    String after = given().get("/v1/accounts/" + address).then().extract().path("avMaintenance");
    assertThat(after).isNotEqualTo(before);
    wait(b).until(d -> after.equals(value(b, "[data-field=avMaintenance]")));
    assertThat(b.script("return window.explorerTestMarker")).isEqualTo("not reloaded");
    assertThat(value(b, "tr[data-line='1/ETH'] [data-field=messagingDiscount]")).isEqualTo("0");
    assertThat(value(b, "tr[data-line='1/ETH'] [data-field=price]")).isEqualTo("2900");
    PageNumbers.assertEqualToApi(b, address);
    b.screenshot("account-route-down");
    assertThat(b.consoleErrors()).isEmpty(); // nothing refused by the Content-Security-Policy
    Trading.route("1", true);

    b.driver.manage().window().setSize(new Dimension(390, 844));
    b.open(url("/accounts/" + address));
    Object overflow =
        b.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
    b.screenshot("account-phone");
    b.driver.manage().window().setSize(new Dimension(1280, 2400));
  }

  @Test
  @Order(3)
  void unknownIdsGetAFriendlyPageAndSettlementLoads() {
    Browser b = browser();
    b.open(url("/accounts/0x1234"));
    assertThat(text(b, "h1")).isEqualTo("Not found");
    b.open(url("/intents/0x" + "00".repeat(32)));
    assertThat(text(b, "h1")).isEqualTo("Not found");
    b.open(url("/solvers/" + TRADER.address().toChecksumHex())); // an account, not a solver
    assertThat(text(b, "h1")).isEqualTo("Not found");
    b.screenshot("not-found");
    b.open(url("/")); // route 1 down left the solver's ETH uncounted: it was liquidated
    String solver = SOLVER.address().toChecksumHex();
    assertThat(
            b.driver.findElements(
                By.cssSelector("tr[data-history='Liquidation'][data-owner='" + solver + "']")))
        .hasSize(1);
    b.screenshot("overview-after-liquidation");
    b.open(url("/accounts/" + TRADER.address().toChecksumHex()));
    assertThat(texts(b, "tr[data-history='Value changed']"))
        .anySatisfy(row -> assertThat(row).contains("trade " + orderId));
    b.open(url("/settlement"));
    assertThat(text(b, "h1")).isEqualTo("Settlement");
    b.screenshot("settlement");
    given().get("/accounts/nope").then().statusCode(404).contentType("text/html");
    given().get("/intents/0x" + "00".repeat(32)).then().statusCode(404).contentType("text/html");
  }

  /**
   * The risk page after a refresh over the accounts above: every number of its exposure table,
   * concentration and stress rows is {@code GET /v1/risk}'s, and the chart is drawn.
   */
  @Test
  @Order(4)
  void theRiskPageShowsTheNumbersOfGetRisk() throws Exception {
    trade();
    riskSchedule.runNow();
    JsonPath api = given().get("/v1/risk").then().statusCode(200).extract().jsonPath();
    Browser b = browser();
    b.open(url("/"));
    b.driver.findElement(By.cssSelector("nav a[href='/risk']")).click();
    assertThat(text(b, "h1")).isEqualTo("Risk");
    List<Map<String, Object>> routes = api.getList("routes");
    assertThat(routes).isNotEmpty();
    for (Map<String, Object> r : routes) {
      String row = "tr[data-route='" + r.get("chainId") + "'] ";
      for (String f :
          List.of("collateralValue", "collateralShare", "avMaintenanceShare", "imrShare")) {
        assertThat(decimal(value(b, row + "data[data-field='" + f + "']")))
            .as("%s of route %s", f, r.get("chainId"))
            .isEqualByComparingTo(decimal((String) r.get(f)));
      }
      assertThat(text(b, row + "[data-field=accounts]"))
          .isEqualTo(String.valueOf(r.get("accounts")));
    }
    assertThat(decimal(value(b, "data[data-field=collateralValue]")))
        .isEqualByComparingTo(decimal(api.getString("collateralValue")));
    assertThat(decimal(value(b, "data[data-field=hhi]")))
        .isEqualByComparingTo(decimal(api.getString("concentration.hhi")));
    List<Map<String, Object>> scenarios = api.getList("stress.scenarios");
    assertThat(scenarios).isNotEmpty();
    for (Map<String, Object> sc : scenarios) {
      String row = "tr[data-scenario='" + sc.get("name") + "'] ";
      assertThat(text(b, row + "[data-field=accountsBelowMaintenanceCount]"))
          .isEqualTo(String.valueOf(sc.get("accountsBelowMaintenanceCount")));
      for (String f : List.of("notionalToPlace", "deficit", "insuranceFundDrawdown")) {
        assertThat(decimal(value(b, row + "data[data-field='" + f + "']")))
            .as("%s of %s", f, sc.get("name"))
            .isEqualByComparingTo(decimal((String) sc.get(f)));
      }
    }
    wait(b).until(d -> "true".equals(attribute(b, "[data-bars]", "data-drawn")));
    b.screenshot("risk");
  }

  @Test
  @Order(5)
  void pagesAllowOnlyTheServicesOwnAssets() {
    for (String path : List.of("/", "/settlement", "/risk", "/explorer/explorer.js")) {
      String policy =
          given().get(path).then().statusCode(200).extract().header("Content-Security-Policy");
      assertThat(policy).contains("default-src 'self'").contains("script-src 'self'");
      assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("http");
    }
    given()
        .get("/v1/markets")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", (String) null);
  }

  static WebDriverWait wait(Browser b) {
    return new WebDriverWait(b.driver, Duration.ofSeconds(10));
  }

  static String value(Browser b, String css) {
    return attribute(b, css, "value");
  }

  // Read in one script call: the live stream may swap the element between two WebDriver calls.
  static String attribute(Browser b, String css, String name) {
    return (String)
        b.script(
            "var e = document.querySelector(arguments[0]);"
                + " if (!e) { throw new Error('no element ' + arguments[0]); }"
                + " return e.getAttribute(arguments[1]);",
            css,
            name);
  }

  static String text(Browser b, String css) {
    return texts(b, css).get(0);
  }

  @SuppressWarnings("unchecked")
  static List<String> texts(Browser b, String css) {
    List<String> found =
        (List<String>)
            b.script(
                "return Array.from(document.querySelectorAll(arguments[0]))"
                    + ".map(function (e) { return e.innerText.trim(); });",
                css);
    assertThat(found).as("elements %s", css).isNotEmpty();
    return found;
  }

  static BigDecimal decimal(String text) {
    return new BigDecimal(text);
  }
}
