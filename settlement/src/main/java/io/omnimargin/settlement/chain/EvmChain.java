package io.omnimargin.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One EVM chain over JSON-RPC (web3j): the few calls settlement needs, with failures as {@link
 * ChainException} naming the call. Blocks come back as the node's raw JSON fields, because web3j's
 * typed block lacks the newest header fields (Prague's {@code requestsHash}) that the hash check
 * needs.
 */
public final class EvmChain implements AutoCloseable {
  private final String url;
  private final Web3j web3j;
  private final HttpService service;

  public EvmChain(String url) {
    this.url = url;
    this.service = new HttpService(url);
    this.web3j = Web3j.build(service);
  }

  public String url() {
    return url;
  }

  public long chainId() {
    return send("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
  }

  public long blockNumber() {
    return send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  /** The block's JSON-RPC fields (without transactions), or empty if the node has no such block. */
  public Optional<Map<String, Object>> block(long number) {
    return block("0x" + Long.toHexString(number));
  }

  /** The block at a tag ({@code latest}, {@code safe}, {@code finalized}). */
  public Optional<Map<String, Object>> block(String numberOrTag) {
    Request<?, RawBlock> request =
        new Request<>("eth_getBlockByNumber", List.of(numberOrTag, false), service, RawBlock.class);
    return Optional.ofNullable(send("eth_getBlockByNumber", request).getResult());
  }

  /** Logs of one contract (of one event topic, or all with {@code null}) in a block range. */
  @SuppressWarnings("rawtypes")
  public List<EthLog.LogResult> logs(String address, String topic0, long from, long to) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    if (topic0 != null) {
      filter.addSingleTopic(topic0);
    }
    return send("eth_getLogs", web3j.ethGetLogs(filter)).getLogs();
  }

  /** EIP-1186 proof of an account and some of its storage slots at a block. */
  public EthGetProof.Proof proof(String address, List<String> slots, long block) {
    return send(
            "eth_getProof",
            web3j.ethGetProof(
                address,
                slots,
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block)).getValue()))
        .getProof();
  }

  /** A read-only call at the latest block, decoded by the function's output types. */
  @SuppressWarnings("rawtypes")
  public List<Type> call(String to, Function function) {
    String data = FunctionEncoder.encode(function);
    String out =
        send(
                "eth_call",
                web3j.ethCall(
                    Transaction.createEthCallTransaction(null, to, data),
                    DefaultBlockParameterName.LATEST))
            .getValue();
    return FunctionReturnDecoder.decode(out, function.getOutputParameters());
  }

  /** Signs and sends a transaction, waits for its receipt and fails if it reverted. */
  public TransactionReceipt transact(
      Credentials from, String to, String data, BigInteger value, BigInteger gasLimit) {
    RawTransactionManager tm = new RawTransactionManager(web3j, from, chainId());
    try {
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
      var sent = tm.sendTransaction(gasPrice, gasLimit, to, data, value);
      if (sent.hasError()) {
        throw new ChainException("eth_sendRawTransaction", sent.getError().getMessage());
      }
      TransactionReceipt receipt =
          new PollingTransactionReceiptProcessor(web3j, 50, 400)
              .waitForTransactionReceipt(sent.getTransactionHash());
      if (!receipt.isStatusOK()) {
        throw new ChainException(
            "transaction " + sent.getTransactionHash(), "reverted: " + receipt.getRevertReason());
      }
      return receipt;
    } catch (IOException | org.web3j.protocol.exceptions.TransactionException e) {
      throw new ChainException("transaction to " + to + " on " + url, e.getMessage(), e);
    }
  }

  /** A transaction's receipt (with its logs), or empty while unknown or pending. */
  public Optional<TransactionReceipt> receipt(String transactionHash) {
    return send("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(transactionHash))
        .getTransactionReceipt();
  }

  /** Deploys a contract with ABI-encoded constructor arguments; answers its address. */
  public String deploy(Credentials from, ContractArtifact artifact, String encodedConstructorArgs) {
    String data = artifact.bytecode() + encodedConstructorArgs;
    return transact(from, null, data, BigInteger.ZERO, BigInteger.valueOf(5_000_000))
        .getContractAddress();
  }

  private <T extends Response<?>> T send(String what, Request<?, T> request) {
    try {
      T response = request.send();
      if (response.hasError()) {
        throw new ChainException(what, response.getError().getMessage());
      }
      return response;
    } catch (IOException e) {
      throw new ChainException(what + " on " + url, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  /** {@code eth_getBlockByNumber} as plain JSON fields. */
  public static final class RawBlock extends Response<Map<String, Object>> {}
}
