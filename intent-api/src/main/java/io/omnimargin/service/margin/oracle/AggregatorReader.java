package io.omnimargin.service.margin.oracle;

import io.omnimargin.margin.oracle.AggregatorRound;
import io.omnimargin.settlement.chain.EvmChain;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;

/** Reads a Chainlink AggregatorV3Interface over JSON-RPC (web3j ABI encoding). */
final class AggregatorReader {
  private final EvmChain chain;

  AggregatorReader(EvmChain chain) {
    this.chain = chain;
  }

  int decimals(String aggregator) {
    Function f = new Function("decimals", List.of(), List.of(new TypeReference<Uint8>() {}));
    return ((BigInteger) single(aggregator, f).get(0).getValue()).intValueExact();
  }

  @SuppressWarnings("rawtypes")
  AggregatorRound latestRound(String aggregator) {
    Function f =
        new Function(
            "latestRoundData",
            List.of(),
            List.of(
                new TypeReference<Uint80>() {},
                new TypeReference<Int256>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Uint80>() {}));
    List<Type> out = single(aggregator, f);
    return new AggregatorRound(
        (BigInteger) out.get(0).getValue(),
        (BigInteger) out.get(1).getValue(),
        (BigInteger) out.get(2).getValue(),
        (BigInteger) out.get(3).getValue(),
        (BigInteger) out.get(4).getValue());
  }

  @SuppressWarnings("rawtypes")
  private List<Type> single(String aggregator, Function f) {
    List<Type> out = chain.call(aggregator, f);
    if (out.size() != f.getOutputParameters().size()) {
      // an empty answer: no contract there, or it reverted (a feed with no round yet)
      throw new IllegalStateException(
          f.getName() + "() on " + aggregator + " returned no data (no aggregator, or no round)");
    }
    return out;
  }
}
