package io.omnimargin.service.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The explorer's formatting: amounts, times and addresses as people read them. */
class FormattingTest {
  @Test
  void dollarsAreGroupedToTheCentAndKeepTheExactValue() {
    Amount a = Amount.usd("28215.123456789012345678");
    assertThat(a.human()).isEqualTo("28,215.12");
    assertThat(a.exact()).isEqualTo("28215.123456789012345678");
    assertThat(Amount.usd("-5.01").human()).isEqualTo("-5.01");
    assertThat(Amount.usd("-0.001").human()).isEqualTo("0.00"); // no "-0.00"
    assertThat(Amount.usd("0.005").human()).isEqualTo("0.00"); // half to even
    assertThat(Amount.usd("0.015").human()).isEqualTo("0.02");
  }

  @Test
  void quantitiesShowUpToSixDecimalsAndPricesTheCentsFromOneDollarUp() {
    assertThat(Amount.quantity("10").human()).isEqualTo("10");
    assertThat(Amount.quantity("1234.5").human()).isEqualTo("1,234.5");
    assertThat(Amount.quantity("0.000000123").human()).isEqualTo("0");
    assertThat(Amount.price("3000").human()).isEqualTo("3,000.00");
    assertThat(Amount.price("0.000123456").human()).isEqualTo("0.000123");
    assertThat(Amount.wadUsd("3010000000000000000000").human()).isEqualTo("3,010.00");
  }

  @Test
  void fractionsArePercentagesAndRatiosTimes() {
    assertThat(Amount.percent("0.0825", 2).human()).isEqualTo("8.25%");
    assertThat(Amount.percent("0.99", 2).human()).isEqualTo("99%");
    assertThat(Amount.percent("0.001666666666666666", 4).human()).isEqualTo("0.1667%");
    assertThat(Amount.times("1.2406").human()).isEqualTo("1.24×");
  }

  @Test
  void aMissingNumberIsADashWithNoValue() {
    Amount none = Amount.times(null);
    assertThat(none.human()).isEqualTo("—");
    assertThat(none.exact()).isEmpty();
    assertThat(none.present()).isFalse();
    assertThat(none.signum()).isZero();
    assertThat(Amount.usd("-1").signum()).isEqualTo(-1);
  }

  @Test
  void agesAreRelativeWithTheAbsoluteInstantBeside() {
    assertThat(Ages.ago(-1)).isEqualTo("no price");
    assertThat(Ages.ago(0)).isEqualTo("0 s ago");
    assertThat(Ages.ago(59)).isEqualTo("59 s ago");
    assertThat(Ages.ago(125)).isEqualTo("2 min ago");
    assertThat(Ages.ago(3_720)).isEqualTo("1 h 2 min ago");
    assertThat(Ages.ago(90_000)).isEqualTo("1 d 1 h ago");
    assertThat(Ages.relative(1_800_003_600L, 1_800_000_000L)).isEqualTo("in 1 h 0 min");
    assertThat(Ages.relative(1_800_000_000L, 1_800_000_030L)).isEqualTo("30 s ago");
    assertThat(Ages.relative(1_800_000_000L, 1_800_000_000L)).isEqualTo("0 s ago");
    assertThat(Ages.absolute(1_800_000_000L)).isEqualTo("2027-01-15T08:00:00Z");
  }

  @Test
  void addressesAreChecksummedAndJunkIsNotAnAddress() {
    assertThat(Addresses.checksummed("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
        .contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assertThat(Addresses.checksummed(" 0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266 "))
        .contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assertThat(Addresses.checksummed("0x1234")).isEmpty();
    assertThat(Addresses.checksummed("not an address")).isEmpty();
    // a mixed-case address with a wrong checksum is a typo, not an account
    assertThat(Addresses.checksummed("0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266")).isEmpty();
    assertThat(Addresses.shortened("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
        .isEqualTo("0xf39F…2266");
  }
}
