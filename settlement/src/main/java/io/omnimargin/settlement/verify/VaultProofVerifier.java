package io.omnimargin.settlement.verify;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.header.BlockHeader;
import io.omnimargin.settlement.header.HeaderCodec;
import io.omnimargin.settlement.header.HeaderException;
import io.omnimargin.settlement.proof.StateProofs;
import io.omnimargin.settlement.vault.VaultLayout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.methods.response.EthGetProof;

/**
 * Checks what a relayer brought (a header and an {@code eth_getProof} answer) against an attested
 * block hash: a pure function, so that forged or misdirected proofs are tested without a chain.
 */
public final class VaultProofVerifier {
  private VaultProofVerifier() {}

  public static ProvenVaultState verify(
      Attestation.Attested attested,
      Map<String, Object> headerRpc,
      Address vault,
      EthGetProof.Proof proof,
      List<LineKey> lines)
      throws SettlementException {
    BlockHeader header;
    try {
      header = HeaderCodec.verify(attested.chainId(), headerRpc, attested.hash());
    } catch (HeaderException e) {
      throw new SettlementException(SettlementFailure.BAD_HEADER, e.getMessage());
    }
    if (header.number() != attested.number()) {
      throw new SettlementException(
          SettlementFailure.BAD_HEADER,
          "header is block " + header.number() + ", attested " + attested.number());
    }
    if (proof == null || !vault.equals(parseAddress(proof.getAddress()))) {
      throw new SettlementException(
          SettlementFailure.PROOF_MISMATCH,
          "proof is for " + (proof == null ? "nothing" : proof.getAddress()) + ", not " + vault);
    }
    StateProofs.AccountProof account =
        StateProofs.account(header.stateRoot(), vault, nodes(proof.getAccountProof()));
    if (account instanceof StateProofs.AccountProof.Invalid invalid) {
      throw new SettlementException(
          SettlementFailure.BAD_ACCOUNT_PROOF, invalid.failure() + ": " + invalid.detail());
    }
    if (account instanceof StateProofs.AccountProof.Missing) {
      throw new SettlementException(
          SettlementFailure.VAULT_MISSING,
          "no account at " + vault + " in block " + header.number());
    }
    Bytes32 storageRoot = ((StateProofs.AccountProof.Exists) account).state().storageRoot();
    BigInteger nonce = slot(storageRoot, VaultLayout.DEPOSIT_NONCE_SLOT, proof);
    Map<LineKey, BigInteger> locked = new LinkedHashMap<>();
    for (LineKey line : lines) {
      locked.put(line, slot(storageRoot, line.slot(), proof));
    }
    return new ProvenVaultState(
        attested.chainId(), vault, header.number(), header.hash(), nonce, locked);
  }

  private static BigInteger slot(Bytes32 storageRoot, Bytes32 slot, EthGetProof.Proof proof)
      throws SettlementException {
    BigInteger wanted = new BigInteger(1, slot.toArray());
    for (EthGetProof.StorageProof sp : proof.getStorageProof()) {
      if (!wanted.equals(quantity(sp.getKey()))) {
        continue;
      }
      StateProofs.SlotProof result = StateProofs.storage(storageRoot, slot, nodes(sp.getProof()));
      if (result instanceof StateProofs.SlotProof.Invalid invalid) {
        throw new SettlementException(
            SettlementFailure.BAD_STORAGE_PROOF,
            "slot " + slot + ": " + invalid.failure() + ": " + invalid.detail());
      }
      return ((StateProofs.SlotProof.Value) result).value();
    }
    throw new SettlementException(
        SettlementFailure.PROOF_MISMATCH, "no storage proof for slot " + slot);
  }

  private static BigInteger quantity(String hex) {
    try {
      return new BigInteger(1, Hex.decode(hex.length() % 2 == 0 ? hex : "0x0" + hex.substring(2)));
    } catch (RuntimeException e) {
      return BigInteger.ONE.negate();
    }
  }

  private static Address parseAddress(String hex) {
    try {
      return Address.parse(hex);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<byte[]> nodes(List<String> hex) throws SettlementException {
    List<byte[]> out = new ArrayList<>(hex.size());
    for (String node : hex) {
      try {
        out.add(Hex.decode(node));
      } catch (RuntimeException e) {
        throw new SettlementException(SettlementFailure.BAD_ACCOUNT_PROOF, "proof node not hex");
      }
    }
    return out;
  }
}
