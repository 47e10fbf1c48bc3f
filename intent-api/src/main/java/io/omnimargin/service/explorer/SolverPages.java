package io.omnimargin.service.explorer;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.types.Address;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The explorer's solver page: its record in the auctions beside its account. */
@Path("/solvers/{address}")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Explorer")
public class SolverPages {
  private final ExplorerResource accounts;
  private final AuctionHouse house;

  SolverPages(ExplorerResource accounts, AuctionHouse house) {
    this.accounts = accounts;
    this.house = house;
  }

  @GET
  @Operation(summary = "Explorer: a solver's awards, fills, fades, suspension and account")
  public TemplateInstance solver(@PathParam("address") String address) {
    AccountPage account = accounts.accountPage(address);
    Address solver = Address.parse(account.address());
    if (!house.registry().registered().contains(solver)) {
      throw new Refusal(ProblemCode.NOT_FOUND, "no registered solver " + account.address());
    }
    return ExplorerResource.Templates.solver(SolverPage.of(house.registry(), solver, account));
  }

  @ServerExceptionMapper
  Response unknown(Refusal refusal) {
    return ExplorerResource.notFoundPage(refusal);
  }
}
