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
      // Polygon's settlement has two adapters that cannot be reached (no anvil here): the
      // settlement page still lists them, k of n, and the step's error
      return Map.of(
          "omnimargin.auction.enabled", "true",
          "omnimargin.solvers.allow", SOLVER.address().toChecksumHex(),
          "omnimargin.solvers.bond", "5000",
          "omnimargin.auction.window", "1s",
          "omnimargin.settlement.chains.\"137\".rpc-urls",
              "http://127.0.0.1:9/a,http://127.0.0.1:9/b",
          "omnimargin.settlement.chains.\"137\".vault", "0x" + "5a".repeat(20),
          "omnimargin.settlement.poll-interval", "200ms",
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
    theLatestAuctionsAreTheApisAndFollowNewOnesLive(b, id);

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
    bothSidesOfTheTradeAreTheApis(b, id);
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

  /** Every auction row equals {@code GET /v1/auctions}; a new auction appears without a reload. */
  private void theLatestAuctionsAreTheApisAndFollowNewOnesLive(Browser b, String id)
      throws InterruptedException {
    Map<String, Object> api =
        given().get("/v1/auctions?limit=10").then().extract().jsonPath().getMap("[0]");
    assertThat(api.get("orderId")).isEqualTo(id);
    String row = "tr[data-auction='" + id + "'] ";
    assertThat(value(b, row + "[data-field=size]"))
        .isEqualTo(api.get("size"))
        .isEqualTo(Trading.WAD.multiply(java.math.BigInteger.TWO).toString());
    assertThat(text(b, row + "[data-field=size]")).isEqualTo("2");
    assertThat(text(b, row + "[data-field=side]")).isEqualTo(api.get("side")).isEqualTo("buy");
    assertThat(text(b, row + "[data-field=status]"))
        .isEqualTo(api.get("status"))
        .isEqualTo("FILLED");
    assertThat(text(b, row + "[data-field=bids]"))
        .isEqualTo(String.valueOf(api.get("bids")))
        .isEqualTo("1");
    assertThat(text(b, row + "[data-field=winner]")).isEqualTo(api.get("winner"));
    assertThat(value(b, row + "[data-field=awardPrice]")).isEqualTo(api.get("awardPrice"));
    assertThat(text(b, row + "[data-field=awardPrice]")).isEqualTo("3,010.00");
    assertThat(attribute(b, row + "[data-field=openedAt]", "datetime"))
        .isEqualTo(api.get("openedAt"));
    assertThat(attribute(b, row + "[data-field=closedAt]", "datetime"))
        .isEqualTo(api.get("closedAt"));

    wait(b).until(d -> "open".equals(b.script("return document.body.dataset.live")));
    b.script("window.explorerTestMarker = 'not reloaded'");
    String next = Trading.buy(TRADER, 2, 1, 3100); // nobody bids: it stays in auction
    wait(b)
        .until(
            d ->
                !b.driver
                    .findElements(By.cssSelector("tr[data-auction='" + next + "']"))
                    .isEmpty());
    assertThat(b.script("return window.explorerTestMarker")).isEqualTo("not reloaded");
    assertThat(text(b, "tr[data-auction='" + next + "'] [data-field=bids]")).isEqualTo("sealed");
    given()
        .get("/v1/auctions?limit=1")
        .then()
        .body("[0].orderId", org.hamcrest.Matchers.equalTo(next))
        .body("[0].bids", org.hamcrest.Matchers.nullValue());
    b.screenshot("overview-live-auction");
    b.open(url("/")); // the rows as first rendered, for the intent link below
  }

  /** The intent's both-sides card equals the fill of {@code GET /v1/auctions/{orderId}}. */
  private static void bothSidesOfTheTradeAreTheApis(Browser b, String id) {
    JsonPath fill = given().get("/v1/auctions/" + id).then().extract().jsonPath();
    for (String side : List.of("trader", "solver")) {
      String row = "tr[data-side='" + side + "'] ";
      assertThat(text(b, row + "[data-field=account]"))
          .isEqualTo(fill.getString("fill." + side + ".account"));
      assertThat(text(b, row + "[data-field=side]"))
          .isEqualTo(fill.getString("fill." + side + ".side"));
      assertThat(value(b, row + "[data-field=size]")).isEqualTo(fill.getString("fill.size"));
      assertThat(value(b, row + "[data-field=price]")).isEqualTo(fill.getString("fill.price"));
      assertThat(value(b, row + "[data-field=feesPaid]"))
          .isEqualTo(fill.getString("fill." + side + ".feesPaid"));
      assertThat(value(b, row + "[data-field=feesReceived]"))
          .isEqualTo(fill.getString("fill." + side + ".feesReceived"));
    }
    assertThat(text(b, "tr[data-side='trader'] [data-field=account]"))
        .isEqualTo(TRADER.address().toChecksumHex());
    assertThat(text(b, "tr[data-side='trader'] [data-field=side]")).isEqualTo("buy");
    assertThat(text(b, "tr[data-side='solver'] [data-field=account]"))
        .isEqualTo(SOLVER.address().toChecksumHex());
    assertThat(text(b, "tr[data-side='solver'] [data-field=side]")).isEqualTo("sell");
    assertThat(text(b, "tr[data-side='trader'] [data-field=feesPaid]"))
        .isEqualTo(
            decimalUsd(fill.getString("fill.solverFee"), fill.getString("fill.protocolFee")));
    assertThat(value(b, "tr[data-side='solver'] [data-field=feesReceived]"))
        .isEqualTo(fill.getString("fill.solverFee"))
        .isEqualTo(Trading.WAD.multiply(java.math.BigInteger.TWO).toString());
    assertThat(value(b, "tr[data-side='solver'] [data-field=feesPaid]")).isEqualTo("0");
  }

  /** The sum of two wad USD amounts, as the page rounds it. */
  private static String decimalUsd(String a, String c) {
    return Amount.wadUsd(new java.math.BigInteger(a).add(new java.math.BigInteger(c)).toString())
        .human();
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
  void unknownIdsGetAFriendlyPageAndSettlementLoads() throws Exception {
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
    Map<String, Object> liquidation =
        given().get("/v1/liquidations?limit=5").then().extract().jsonPath().getMap("[0]");
    assertThat(liquidation.get("account")).isEqualTo(solver);
    String lrow =
        "tr[data-liquidation='" + liquidation.get("id") + "'][data-owner='" + solver + "'] ";
    assertThat(text(b, lrow + "[data-field=state]"))
        .isEqualTo(liquidation.get("state"))
        .isEqualTo("completed");
    assertThat(text(b, lrow + "[data-field=takenBy]")).isEqualTo(liquidation.get("takenBy"));
    assertThat(value(b, lrow + "[data-field=penalty]")).isEqualTo(liquidation.get("penalty"));
    assertThat(value(b, lrow + "[data-field=deficit]")).isEqualTo(liquidation.get("deficit"));
    b.screenshot("overview-after-liquidation");
    b.open(url("/accounts/" + TRADER.address().toChecksumHex()));
    assertThat(texts(b, "tr[data-history='Value changed']"))
        .anySatisfy(row -> assertThat(row).contains("trade " + orderId));
    b.open(url("/settlement"));
    assertThat(text(b, "h1")).isEqualTo("Settlement");
    theSettlementPageShowsEachChainsAdaptersRefusalsFrontsAndSeizures(b);
    b.screenshot("settlement");
    given().get("/accounts/nope").then().statusCode(404).contentType("text/html");
    given().get("/intents/0x" + "00".repeat(32)).then().statusCode(404).contentType("text/html");
  }

  /** Every number and list of a chain's detail equals {@code GET /v1/settlement}. */
  private void theSettlementPageShowsEachChainsAdaptersRefusalsFrontsAndSeizures(Browser b)
      throws InterruptedException {
    Trading.await(
        "a settlement step",
        () ->
            given()
                    .get("/v1/settlement")
                    .then()
                    .extract()
                    .path("chains.find { it.chainId == '137' }.lastError")
                != null);
    b.open(url("/settlement"));
    JsonPath api = given().get("/v1/settlement").then().extract().jsonPath();
    String chain = "chains.find { it.chainId == '137' }.";
    String detail = "section[data-chain-detail='137'] ";
    List<String> adapters = api.getList(chain + "agreement.adapters.id");
    assertThat(adapters).hasSize(2);
    assertThat(texts(b, detail + "tr[data-adapter] th")).isEqualTo(adapters);
    for (int i = 0; i < adapters.size(); i++) {
      String row = detail + "tr[data-adapter='" + adapters.get(i) + "'] ";
      String hash = api.getString(chain + "agreement.adapters[" + i + "].blockHash");
      assertThat(text(b, row + "[data-field=blockHash]")).isEqualTo(hash == null ? "—" : hash);
    }
    assertThat(text(b, detail + "[data-field=agreeing]"))
        .isEqualTo(api.getString(chain + "agreement.agreeing"));
    assertThat(text(b, detail + "[data-field=quorum]"))
        .isEqualTo(api.getString(chain + "quorum"))
        .isEqualTo("2 of 2");
    assertThat(text(b, detail + "[data-field=agreementState]"))
        .isEqualTo(api.getString(chain + "agreement.state"));
    long lastFinal = api.getLong(chain + "lastFinalBlock");
    assertThat(text(b, detail + "[data-field=lastFinalBlock]"))
        .isEqualTo(lastFinal < 0 ? "none yet" : Long.toString(lastFinal));
    assertThat(text(b, "tr[data-chain='137'] [data-field=lastError]")).isNotEqualTo("—");
    assertThat(api.getList(chain + "refusals")).isEmpty();
    assertThat(text(b, detail + "[data-field=refusals]")).startsWith("None");
    assertThat(api.getList(chain + "frontsOutstanding")).isEmpty();
    assertThat(text(b, detail + "[data-field=fronts]")).isEqualTo("None.");
    assertThat(api.getList(chain + "seizures")).isEmpty();
    assertThat(text(b, detail + "[data-field=seizures]")).startsWith("None");
    assertThat(api.getList(chain + "agreement.disputes")).isEmpty();
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

  @Test
  @Order(6)
  void theListingsRefuseALimitOutsideOneToAHundredWithAProblem() {
    for (String path : List.of("/v1/auctions", "/v1/liquidations")) {
      for (String limit : List.of("0", "101", "x", "-1")) {
        given()
            .get(path + "?limit=" + limit)
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("code", org.hamcrest.Matchers.equalTo("invalid-field"))
            .body("field", org.hamcrest.Matchers.equalTo("limit"));
      }
      given().get(path + "?limit=100").then().statusCode(200);
    }
  }

  @Test
  @Order(7)
  void fundingPaymentsAppearInTheAccountsHistoryAsTheApiHasThem() throws Exception {
    trade();
    long next =
        given().get("/v1/markets/ETH-PERP").then().extract().jsonPath().getLong("nextFundingAt");
    clock.advance(Duration.ofSeconds(next - clock.instant().getEpochSecond() + 1));
    long now = clock.instant().getEpochSecond();
    Trading.price("ETH", "2950", now);
    Trading.price("USDC", "1", now);
    Trading.await(
        "funding settled",
        () -> given().get("/v1/markets/ETH-PERP").then().extract().path("lastFunding") != null);
    String address = TRADER.address().toChecksumHex();
    JsonPath history =
        given().get("/v1/accounts/" + address + "/history").then().extract().jsonPath();
    Map<String, String> funding = history.getMap("find { it.kind == 'Funding ETH-PERP' }");
    assertThat(funding).as("a funding entry in %s", history.prettify()).isNotNull();
    BigDecimal paid =
        new BigDecimal(
            given().get("/v1/accounts/" + address).then().extract().<String>path("funding.paid"));
    assertThat(new BigDecimal(funding.get("amount")).negate())
        .as("the long paid")
        .isEqualByComparingTo(paid)
        .isPositive();

    Browser b = browser();
    b.open(url("/accounts/" + address));
    String row = "tr[data-history='Funding ETH-PERP'][data-at='" + funding.get("at") + "'] ";
    assertThat(value(b, row + "[data-field=amount]")).isEqualTo(funding.get("amount"));
    assertThat(text(b, row + "[data-field=amount]"))
        .isEqualTo(Amount.usd(funding.get("amount")).human());
    assertThat(text(b, row)).contains(funding.get("cause"));
    b.screenshot("account-funding");
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
