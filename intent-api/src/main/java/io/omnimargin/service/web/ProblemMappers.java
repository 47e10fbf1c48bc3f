package io.omnimargin.service.web;

import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.session.MalformedMessage;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every exception into a problem document; no stack trace ever reaches a client. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response intake(Refusal e, HttpServerRequest request) {
    RefusalLog.refused(request.method().name(), request.path(), e.code(), e.getMessage());
    return Problems.response(e, request.path());
  }

  @ServerExceptionMapper
  public Response malformed(MalformedMessage e, HttpServerRequest request) {
    return intake(refusal(e), request);
  }

  /** A session message or bid/fill body that could not be read, as the service's problem. */
  public static Refusal refusal(MalformedMessage e) {
    ProblemCode code =
        switch (e.kind()) {
          case MALFORMED_JSON -> ProblemCode.MALFORMED_JSON;
          case INVALID_FIELD -> ProblemCode.INVALID_FIELD;
          case BAD_SIGNATURE -> ProblemCode.BAD_SIGNATURE;
          case HIGH_S -> ProblemCode.HIGH_S;
        };
    return new Refusal(code, e.getMessage(), e.field());
  }

  /** A signature refused where no resource caught it: still its typed code, never a 500. */
  @ServerExceptionMapper
  public Response signature(SignatureException e, HttpServerRequest request) {
    return Problems.response(SignatureCheck.refusal(e), request.path());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpServerRequest request) {
    ProblemCode code;
    if (e instanceof NotFoundException) {
      code = ProblemCode.NOT_FOUND;
    } else if (e instanceof NotAllowedException) {
      code = ProblemCode.METHOD_NOT_ALLOWED;
    } else if (e instanceof NotSupportedException) {
      code = ProblemCode.UNSUPPORTED_MEDIA_TYPE;
    } else if (e instanceof NotAcceptableException) {
      code = ProblemCode.NOT_ACCEPTABLE;
    } else if (e.getResponse().getStatus() == 413) {
      code = ProblemCode.PAYLOAD_TOO_LARGE;
    } else if (e.getResponse().getStatus() < 500) {
      code = ProblemCode.INVALID_FIELD;
    } else {
      return unexpected(e, request);
    }
    String detail =
        switch (code) {
          case NOT_FOUND -> "no resource at " + request.path();
          case METHOD_NOT_ALLOWED -> request.method() + " is not allowed on " + request.path();
          case UNSUPPORTED_MEDIA_TYPE -> "send the body as application/json";
          case NOT_ACCEPTABLE -> "this resource answers application/json";
          default -> "the request could not be read (HTTP " + e.getResponse().getStatus() + ")";
        };
    return Problems.response(code, detail, null, Map.of(), request.path());
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest request) {
    LOG.errorf(e, "Unexpected error on %s %s", request.method(), request.path());
    return Problems.response(
        ProblemCode.INTERNAL_ERROR,
        "the request could not be completed; quote the traceId when reporting it",
        null,
        Map.of(),
        request.path());
  }
}
