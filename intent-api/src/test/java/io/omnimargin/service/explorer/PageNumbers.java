package io.omnimargin.service.explorer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Checks that every number in the account page's live part is the API's: each {@code <data>}
 * element's exact value equals its field in {@code GET /v1/accounts/{address}} (or, for a chain's
 * subtotal, the gauge's lines and the total uPnL, the sum or product the page says it is), and its
 * rounded text is that value rounded to the digits it shows.
 */
final class PageNumbers {
  private static final String COLLECT =
      "return Array.from(document.querySelectorAll('#live data'))"
          // the history's amounts are past values, not the account's present ones
          + ".filter(function (d) { return !d.closest('[data-history]'); }).map(function (d) {"
          + " var line = d.closest('[data-line]'), pos = d.closest('[data-position]'),"
          + " chain = d.closest('[data-chain-total]');"
          + " return {field: d.dataset.field || '', value: d.value, text: d.textContent.trim(),"
          + " line: line ? line.dataset.line : '', position: pos ? pos.dataset.position : '',"
          + " chain: chain ? chain.dataset.chainTotal : ''}; });";
  private static final BigDecimal CALL_BAND = new BigDecimal("0.25");

  private PageNumbers() {}

  /** Every number of the page against the API; returns how many were checked. */
  @SuppressWarnings("unchecked")
  static int assertEqualToApi(Browser browser, String address) {
    JsonPath api = given().get("/v1/accounts/" + address).then().extract().jsonPath();
    List<Map<String, String>> numbers = (List<Map<String, String>>) browser.script(COLLECT);
    for (Map<String, String> n : numbers) {
      String expected = expected(api, n);
      assertThat(n.get("value")).as("exact value of %s", n).isNotNull();
      assertThat(n.get("value").isEmpty() ? null : new BigDecimal(n.get("value")))
          .as("%s against the API", n)
          .isEqualByComparingTo(expected == null ? null : new BigDecimal(expected));
      if (expected != null) {
        assertRounded(n.get("text"), new BigDecimal(expected), n);
      }
    }
    assertLinesAndAges(browser, api);
    return numbers.size();
  }

  private static String expected(JsonPath api, Map<String, String> n) {
    String field = n.get("field");
    if (!n.get("line").isEmpty()) {
      String[] key = n.get("line").split("/");
      return api.getString(
          "collateral.find { it.chainId == '%s' && it.asset == '%s' }.%s"
              .formatted(key[0], key[1], field));
    }
    if (!n.get("position").isEmpty()) {
      return api.getString(
          "positions.find { it.market == '%s' }.%s".formatted(n.get("position"), field));
    }
    if (!n.get("chain").isEmpty()) {
      return sum(
          api.getList(
              "collateral.findAll { it.chainId == '%s' }.%s".formatted(n.get("chain"), field)));
    }
    return switch (field) {
      case "feesPaid" -> api.getString("fees.paid");
      case "feesReceived" -> api.getString("fees.received");
      case "fundingPaid" -> api.getString("funding.paid");
      case "fundingReceived" -> api.getString("funding.received");
      case "unrealizedPnl" -> sum(api.getList("positions.unrealizedPnl"));
      case "liquidationLine" -> api.getString("mmr");
      case "callLine" ->
          new BigDecimal(api.getString("mmr"))
              .multiply(BigDecimal.ONE.add(CALL_BAND))
              .toPlainString();
      default -> api.getString(field);
    };
  }

  /** The text is the exact value rounded to the digits shown ("8.25%" is 0.0825, "2.5×" 2.5). */
  private static void assertRounded(String text, BigDecimal exact, Object what) {
    boolean percent = text.endsWith("%");
    String digits = text.replace(",", "").replace("%", "").replace("×", "");
    BigDecimal shown = new BigDecimal(digits);
    int decimals = Math.max(0, shown.scale());
    BigDecimal scaled = percent ? exact.movePointRight(2) : exact;
    BigDecimal halfUnit = BigDecimal.ONE.movePointLeft(decimals).divide(BigDecimal.valueOf(2));
    assertThat(shown.subtract(scaled).abs())
        .as("rounding of %s", what)
        .isLessThanOrEqualTo(halfUnit);
  }

  /** Every line of the API is on the page, with its price's age. */
  private static void assertLinesAndAges(Browser browser, JsonPath api) {
    List<Map<String, Object>> lines = api.getList("collateral");
    for (Map<String, Object> line : lines) {
      String key = line.get("chainId") + "/" + line.get("asset");
      String age =
          ExplorerBrowserTest.text(browser, "tr[data-line='" + key + "'] td:nth-of-type(3)");
      assertThat(age).isEqualTo(line.get("priceAgeSeconds") + " s ago");
    }
    assertThat(ExplorerBrowserTest.text(browser, "[data-field=health]"))
        .isEqualTo(api.getString("health"));
    assertThat(ExplorerBrowserTest.text(browser, "[data-field=openReservations]"))
        .isEqualTo(api.getString("openReservations"));
    assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("tr[data-position]")))
        .hasSize(api.getList("positions").size());
  }

  private static String sum(List<Object> values) {
    return values.stream()
        .map(v -> new BigDecimal(v.toString()))
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .toPlainString();
  }
}
