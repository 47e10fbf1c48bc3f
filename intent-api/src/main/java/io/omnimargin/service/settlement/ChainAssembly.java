package io.omnimargin.service.settlement;

import io.omnimargin.hub.settlement.DepositLookup;
import io.omnimargin.hub.settlement.Relayer;
import io.omnimargin.hub.settlement.SettlementChain;
import io.omnimargin.hub.settlement.SettlementLoop;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.BlockHashSource;
import io.omnimargin.settlement.attest.RouteObserver;
import io.omnimargin.settlement.attest.RpcBlockHashSource;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.settlement.credit.SettlementJournal;
import io.omnimargin.settlement.credit.VaultSettler;
import io.omnimargin.settlement.release.VaultRelayer;
import io.omnimargin.settlement.vault.VaultEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Builds one source chain's settlement from its configuration: checked first (a bad value stops
 * start-up with the property named), then its RPC clients, k-of-n attestor and vault settler, and
 * the chain-backed ports the hub's desks use. Owns the RPC clients it opens.
 */
final class ChainAssembly implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChainAssembly.class);

  private final List<EvmChain> clients = new ArrayList<>();

  /** The chain id a configuration key names, which must have a route in the risk table. */
  static long chainId(String id, RiskConfig risk) {
    long chainId;
    try {
      chainId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("omnimargin.settlement.chains: not a chain id: " + id);
    }
    if (!risk.chains().containsKey(chainId)) {
      throw new IllegalStateException(
          "omnimargin.settlement.chains: chain " + id + " has no route in the risk configuration");
    }
    return chainId;
  }

  SettlementChain chain(
      String id,
      OmnimarginConfig.SourceChain chain,
      SettlementJournal journal,
      SettlementLoop loop,
      Relayer relayer,
      RouteObserver observer) {
    String path = "omnimargin.settlement.chains.\"" + id + "\"";
    long chainId = Long.parseLong(id);
    List<String> urls = chain.rpcUrls();
    int k = chain.quorum().orElse(urls.size());
    if (urls.isEmpty() || k < 1 || k > urls.size()) {
      throw new IllegalStateException(
          path + ": need 1 ≤ quorum ≤ rpc-urls, got quorum " + k + " of " + urls.size());
    }
    Address vault = vault(path, chain.vault());
    List<BlockHashSource> sources = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      sources.add(
          new RpcBlockHashSource(
              adapterId(i, urls.get(i)), client(urls.get(i)), chain.confirmations()));
    }
    Attestor attestor = new Attestor(chainId, k, sources, loop::routeHealth, observer);
    EvmChain first = client(urls.get(0));
    VaultSettler settler =
        new VaultSettler(
            first, chainId, vault, attestor, journal, loop::proven, chain.startBlock(), observer);
    LOG.infof(
        "Settlement: chain %d vault %s, %d-of-%d adapters, %d confirmations, from block %d",
        chainId, vault, k, urls.size(), chain.confirmations(), chain.startBlock());
    return new SettlementChain(
        chainId,
        vault,
        urls.size(),
        k,
        settler::step,
        attestor::live,
        () -> journal.cursor(settler.vaultKey(), -1),
        deposits(first, chainId, vault),
        relayer,
        () ->
            new SettlementChain.Agreement(
                attestor.sourceIds(), attestor.last(), attestor.disputes()));
  }

  /** A relayer paying gas from {@code credentials} through {@code url}. */
  Relayer relayer(String url, Credentials credentials) {
    VaultRelayer relayer = new VaultRelayer(client(url), credentials);
    return (auth, signature) -> relayer.submit(auth, signature).getTransactionHash();
  }

  private static DepositLookup deposits(EvmChain chain, long chainId, Address vault) {
    return (transactionHash, depositNonce) ->
        chain
            .receipt(transactionHash)
            .flatMap(
                receipt ->
                    receipt.getLogs().stream()
                        .map(log -> decode(chainId, vault, log))
                        .flatMap(Optional::stream)
                        .filter(e -> e.kind() == VaultEvent.Kind.LOCKED)
                        .filter(e -> e.depositNonce().equals(depositNonce))
                        .findFirst());
  }

  private static Optional<VaultEvent> decode(long chainId, Address vault, Log log) {
    try {
      return Optional.of(VaultEvent.fromLog(chainId, vault, log));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Address vault(String path, String value) {
    try {
      return Address.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalStateException(path + ".vault: not an address: " + value);
    }
  }

  private EvmChain client(String url) {
    EvmChain c = new EvmChain(url);
    clients.add(c);
    return c;
  }

  private static String adapterId(int index, String url) {
    try {
      URI uri = URI.create(url);
      return "rpc#" + index + ":" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (IllegalArgumentException e) {
      return "rpc#" + index;
    }
  }

  @Override
  public void close() {
    clients.forEach(EvmChain::close);
  }
}
