package io.omnimargin.store.embedded;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.credit.FrontStore;
import io.omnimargin.settlement.credit.FrontedCredits.Provisional;
import io.omnimargin.settlement.credit.FrontedCredits.Repayment;
import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Solver fronts and the repayments owed for them in the embedded database. */
public final class SqliteFrontStore implements FrontStore {
  private final EmbeddedDatabase db;

  public SqliteFrontStore(EmbeddedDatabase db) {
    this.db = db;
  }

  @Override
  public List<Provisional> openFronts() {
    return db.read(
        c -> Sql.list(c, "SELECT * FROM fronts ORDER BY fronted_at", SqliteFrontStore::front));
  }

  @Override
  public List<Repayment> repayments() {
    return db.read(c -> Sql.list(c, "SELECT * FROM front_repayments", SqliteFrontStore::repayment));
  }

  @Override
  public void opened(Provisional front) {
    VaultEvent d = front.deposit();
    if (d.kind() != VaultEvent.Kind.LOCKED) {
      throw new IllegalArgumentException("only deposits are fronted: " + d.key());
    }
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO fronts (event, solver, fronted_at, chain_id, vault, deposit_id,"
                    + " account, token, amount, block_number, block_hash, tx_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                front.eventKey(),
                front.solver().toLowerHex(),
                front.frontedAt(),
                d.chainId(),
                d.vault().toLowerHex(),
                d.id(),
                d.account().toLowerHex(),
                d.token().toLowerHex(),
                d.amount().toString(),
                d.blockNumber(),
                d.blockHash().toHex(),
                d.transactionHash()));
  }

  @Override
  public void proven(Provisional front, Repayment repayment) {
    db.write(
        c -> {
          Sql.update(c, "DELETE FROM fronts WHERE event = ?", front.eventKey());
          return Sql.update(
              c,
              "INSERT INTO front_repayments (event, solver, chain_id, token, amount)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event) DO NOTHING",
              repayment.eventKey(),
              repayment.solver().toLowerHex(),
              repayment.chainId(),
              repayment.token().toLowerHex(),
              repayment.amount().toString());
        });
  }

  @Override
  public void withdrawn(List<Provisional> fronts) {
    db.write(
        c -> {
          for (Provisional front : fronts) {
            Sql.update(c, "DELETE FROM fronts WHERE event = ?", front.eventKey());
          }
          return null;
        });
  }

  private static Provisional front(ResultSet rs) throws SQLException {
    VaultEvent deposit =
        new VaultEvent(
            VaultEvent.Kind.LOCKED,
            rs.getLong("chain_id"),
            Address.parse(rs.getString("vault")),
            rs.getString("deposit_id"),
            Address.parse(rs.getString("account")),
            Address.parse(rs.getString("token")),
            new BigInteger(rs.getString("amount")),
            rs.getLong("block_number"),
            Bytes32.fromHex(rs.getString("block_hash")),
            rs.getString("tx_hash"));
    return new Provisional(
        rs.getString("event"),
        Address.parse(rs.getString("solver")),
        deposit,
        rs.getLong("fronted_at"));
  }

  private static Repayment repayment(ResultSet rs) throws SQLException {
    return new Repayment(
        rs.getString("event"),
        Address.parse(rs.getString("solver")),
        rs.getLong("chain_id"),
        Address.parse(rs.getString("token")),
        new BigInteger(rs.getString("amount")));
  }
}
