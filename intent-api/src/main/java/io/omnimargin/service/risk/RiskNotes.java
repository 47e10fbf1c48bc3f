package io.omnimargin.service.risk;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.BufferTable;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.service.margin.AccountView;
import jakarta.inject.Singleton;
import java.math.BigInteger;

/** Why a collateral line's adaptive numbers ({@code b_eff}, {@code m}) are what they are. */
@Singleton
public class RiskNotes implements AccountView.Notes {
  private final MarginEngine engine;
  private final BufferTable buffers;
  private final RiskConfig risk;

  RiskNotes(MarginEngine engine, Valuator valuator, RiskConfig risk) {
    this.engine = engine;
    this.buffers = valuator.buffers();
    this.risk = risk;
  }

  /** "b_eff 0.23 = b_req from σ 1.93 (measured; configured 0.8) over 3600 + 900 s". */
  @Override
  public String buffer(long chainId, String asset) {
    CollateralKey key = new CollateralKey(chainId, asset);
    BigInteger req = buffers.required(key);
    if (req == null) {
      return "not collateral";
    }
    double used = buffers.sigma(asset);
    double configured = risk.asset(asset).sigma();
    String sigma =
        "σ " + used + (used > configured ? " (measured; configured " + configured + ")" : "");
    String window = risk.asset(asset).heartbeatSeconds() + " + " + buffers.latency(chainId) + " s";
    BigInteger b = risk.risk(key).orElseThrow().buffer();
    return req.compareTo(b) > 0
        ? "b_eff " + Wad.format(req) + " = b_req from " + sigma + " over " + window
        : "b_eff = b "
            + Wad.format(b)
            + " (b_req "
            + Wad.format(req)
            + " from "
            + sigma
            + " over "
            + window
            + ")";
  }

  /** The route's explanation, or the configured {@code m} before its first score. */
  @Override
  public String route(long chainId) {
    if (!engine.routeLive(chainId)) {
      return "route down: m = 0";
    }
    return engine
        .routeExplanation(chainId)
        .orElse("m " + Wad.format(risk.route(chainId).discount()) + " (configured)");
  }
}
