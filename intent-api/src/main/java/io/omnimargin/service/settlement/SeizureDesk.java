package io.omnimargin.service.settlement;

import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.margin.stream.MarginInputs;
import io.omnimargin.settlement.release.VaultAuthorization;
import io.omnimargin.settlement.release.VaultRelayer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Collects a liquidation's loss from the account's collateral on its home chains. After the engine
 * closes every position, a loss larger than the account's cash leaves cash negative; the desk then
 * seizes collateral (largest value first) worth the debt at the current price, each seizure an
 * EIP-712 authorisation signed by the hub and sent to the vault by the relayer, the coins going to
 * the insurance fund. When settlement proves the {@code Seized} event (and so the lower balance),
 * the seized value is credited to the account's cash.
 */
final class SeizureDesk implements Consumer<MarginEvent> {
  private static final Logger LOG = Logger.getLogger(SeizureDesk.class);

  private record Pending(String owner, BigInteger usd) {}

  private final MarginEngine engine;
  private final RiskConfig risk;
  private final MarginInputs inputs;
  private final PrivateKey hub;
  private final Address insurance;
  private final Map<Long, SettlementService.ChainRun> runs;
  private final Map<Long, VaultRelayer> relayers;
  private final Executor executor;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  SeizureDesk(
      MarginEngine engine,
      RiskConfig risk,
      MarginInputs inputs,
      PrivateKey hub,
      Address insurance,
      Map<Long, SettlementService.ChainRun> runs,
      Map<Long, VaultRelayer> relayers,
      Executor executor) {
    this.engine = engine;
    this.risk = risk;
    this.inputs = inputs;
    this.hub = hub;
    this.insurance = insurance;
    this.runs = runs;
    this.relayers = relayers;
    this.executor = executor;
  }

  @Override
  public void accept(MarginEvent event) {
    if (event instanceof MarginEvent.Liquidation liquidation) {
      executor.execute(() -> seize(liquidation));
    }
  }

  private void seize(MarginEvent.Liquidation liquidation) {
    String owner = liquidation.owner();
    AccountSnapshot snapshot = engine.snapshot(owner);
    BigInteger debt = snapshot.account().cash().negate();
    if (debt.signum() <= 0) {
      return; // the collateral's own value was never at stake: nothing to collect
    }
    var lines =
        snapshot.value().collateral().stream()
            .filter(l -> runs.containsKey(l.chainId()))
            .filter(l -> l.amount().signum() > 0 && l.price().signum() > 0)
            .sorted(Comparator.comparing(CollateralLine::valueMaintenance).reversed())
            .toList();
    for (CollateralLine line : lines) {
      if (debt.signum() <= 0) {
        break;
      }
      CollateralRisk row =
          risk.risk(new io.omnimargin.margin.risk.CollateralKey(line.chainId(), line.asset()))
              .orElse(null);
      if (row == null) {
        continue;
      }
      BigInteger scale = BigInteger.TEN.pow(risk.asset(line.asset()).decimals());
      // units worth the debt at the price, rounded up; never more than the line holds
      BigInteger units =
          debt.multiply(scale).add(line.price()).subtract(BigInteger.ONE).divide(line.price());
      units = units.min(line.amount());
      BigInteger usd = units.multiply(line.price()).divide(scale);
      Bytes32 id =
          Bytes32.wrap(
              Keccak.hash(
                  ("liquidation:"
                          + owner
                          + ":"
                          + liquidation.at()
                          + ":"
                          + line.chainId()
                          + ":"
                          + line.asset())
                      .getBytes(StandardCharsets.UTF_8)));
      SettlementService.ChainRun run = runs.get(line.chainId());
      Address token =
          Address.wrap(
              java.util.Arrays.copyOfRange(Bytes32.fromHex(row.token()).toArray(), 12, 32));
      VaultAuthorization auth =
          new VaultAuthorization(
              VaultAuthorization.Kind.SEIZE,
              line.chainId(),
              run.settler.vault(),
              id,
              Address.parse(owner),
              token,
              units,
              insurance);
      String key = line.chainId() + "/" + run.settler.vault().toLowerHex() + "/seize/" + id.toHex();
      pending.put(key, new Pending(owner, usd));
      try {
        relayers.get(line.chainId()).submit(auth, auth.sign(hub));
        LOG.infof(
            "liquidation of %s: seizing %s %s on chain %d (USD %s) for the insurance fund",
            owner, units, line.asset(), line.chainId(), Wad.format(usd));
        debt = debt.subtract(usd);
      } catch (RuntimeException e) {
        pending.remove(key);
        LOG.errorf(
            "liquidation of %s: seizure on chain %d refused: %s",
            owner, line.chainId(), e.getMessage());
      }
    }
  }

  /** Settlement applied a vault event: a proven seizure pays the account's debt. */
  void applied(String eventKey) {
    Pending p = pending.remove(eventKey);
    if (p != null) {
      inputs.apply(
          new EngineInput.CashAdjustment(p.owner(), p.usd(), "seizure proven " + eventKey));
    }
  }
}
