package io.omnimargin.solver;

import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverSession;
import io.omnimargin.protocol.session.MalformedMessage;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Bytes32;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The solver's session socket ({@code /v1/solvers/session}): opens it, answers the hub's challenge
 * with a signed {@code SolverSession}, hands every message after the {@code welcome} to the client,
 * and sends what the client queues, batched into frames of {@code \n}-separated JSON. A lost socket
 * is reopened with exponential backoff (100 ms to 10 s), resuming after the last event seen.
 * Messages queued while it is down wait for the next welcome. A socket that opens but is not
 * welcomed within {@link #WELCOME_WITHIN} is given up and reopened: something between the solver
 * and the hub (a proxy, a relay) lost the handshake, and waiting longer would not bring it.
 */
final class SessionLink {
  private static final Logger LOG = Logger.getLogger(SessionLink.class.getName());

  /** The hub takes frames up to 256 KiB; stay well under it. */
  private static final int FRAME_CHARS = 60_000;

  /** Twice as long as the hub waits for a hello, so a hub that is merely slow is not given up. */
  static final Duration WELCOME_WITHIN = Duration.ofSeconds(20);

  /** What the client does with the session. */
  interface Handler {
    /** The hub took the hello; {@code after} is where its feed starts for this session. */
    void onWelcome(long after);

    /** A message from the hub after the welcome: an event, a rejection, a fill result, an error. */
    void onMessage(SessionMessage message);

    /** The socket is gone (a new one is on its way unless the link was closed). */
    void onDown();
  }

  private final HttpClient http;
  private final URI uri;
  private final PrivateKey key;
  private final Eip712Domain domain;
  private final LongSupplier resumeAfter;
  private final Handler handler;
  private final SessionCodec codec;
  private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Thread keeper;
  private final Duration welcomeWithin;
  private volatile Connection current;

  SessionLink(
      HttpClient http,
      URI base,
      PrivateKey key,
      Eip712Domain domain,
      LongSupplier resumeAfter,
      Handler handler,
      SessionCodec codec) {
    this(http, base, key, domain, resumeAfter, handler, codec, WELCOME_WITHIN);
  }

  SessionLink(
      HttpClient http,
      URI base,
      PrivateKey key,
      Eip712Domain domain,
      LongSupplier resumeAfter,
      Handler handler,
      SessionCodec codec,
      Duration welcomeWithin) {
    this.welcomeWithin = welcomeWithin;
    this.codec = codec;
    this.http = http;
    this.uri = sessionUri(base);
    this.key = key;
    this.domain = domain;
    this.resumeAfter = resumeAfter;
    this.handler = handler;
    this.keeper =
        NamedThreads.daemon("omnimargin-session-" + key.address().toChecksumHex())
            .newThread(this::keep);
  }

  static URI sessionUri(URI base) {
    String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
    return URI.create(
        scheme
            + "://"
            + base.getRawAuthority()
            + stripSlash(base.getRawPath())
            + "/v1/solvers/session");
  }

  private static String stripSlash(String path) {
    return path == null || path.isEmpty() ? "" : path.replaceAll("/+$", "");
  }

  void start() {
    keeper.start();
  }

  /** Whether the hub has welcomed the current socket and it is still open. */
  boolean up() {
    Connection c = current;
    return c != null && c.welcomed() && !c.ended.isDone();
  }

  /** Queues a message; it goes out in the next frame once the session is up. */
  void send(SessionMessage message) {
    outbound.add(codec.encode(message));
    flush();
  }

  void close() {
    open.set(false);
    Connection c = current;
    if (c != null) {
      c.abort();
    }
    keeper.interrupt();
  }

  /** Opens a socket, waits for it to end, then opens the next one after a backoff. */
  private void keep() {
    long backoff = 100;
    while (open.get()) {
      Connection c = new Connection();
      current = c;
      try {
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, c)
            .get(10, TimeUnit.SECONDS);
        awaitWelcome(c);
        c.ended.get();
      } catch (ExecutionException | TimeoutException e) {
        LOG.log(Level.FINE, "session to " + uri + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (c.welcomed()) {
        backoff = 100; // it was a working session: start the backoff over
      }
      c.abort();
      handler.onDown();
      if (!open.get()) {
        return;
      }
      long wait = backoff;
      LOG.fine(() -> "session lost, reconnecting in " + wait + " ms");
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  private void awaitWelcome(Connection c) throws InterruptedException, ExecutionException {
    try {
      CompletableFuture.anyOf(c.welcome, c.ended)
          .get(welcomeWithin.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException silent) {
      LOG.warning(() -> "no welcome from " + uri + " within " + welcomeWithin + ": reconnecting");
      c.abort();
    }
  }

  /**
   * Writes what is queued as one frame on the welcomed socket; the JDK socket takes one send at a
   * time, so whatever is queued meanwhile goes in the next frame.
   */
  private void flush() {
    Connection c = current;
    // an ended socket stays current until the backoff is over: what is queued meanwhile waits
    if (c == null
        || !c.welcomed()
        || c.ended.isDone()
        || outbound.isEmpty()
        || !sending.compareAndSet(false, true)) {
      return;
    }
    StringBuilder frame = new StringBuilder(256);
    String m;
    while (frame.length() < FRAME_CHARS && (m = outbound.poll()) != null) {
      if (frame.length() > 0) {
        frame.append('\n');
      }
      frame.append(m);
    }
    if (frame.length() == 0) {
      sending.set(false);
      return;
    }
    c.socket
        .sendText(frame, true)
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                // the socket is going; the client hears onDown and fails what waits on an answer
                LOG.log(Level.FINE, "session frame not sent", failure);
              }
              sending.set(false);
              flush();
            });
  }

  /** One socket: its partial inbound message, whether it was welcomed, when it ended. */
  private final class Connection implements WebSocket.Listener {
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final CompletableFuture<Void> welcome = new CompletableFuture<>();

    boolean welcomed() {
      return welcome.isDone();
    }

    final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        SessionCodec.lines(frame).forEach(this::receive);
      }
      webSocket.request(1);
      return null;
    }

    private void receive(String line) {
      SessionMessage m;
      try {
        m = codec.decode(line);
      } catch (MalformedMessage e) {
        LOG.warning("unreadable message from the hub (" + e.getMessage() + "): " + line);
        return;
      }
      if (welcomed()) {
        handler.onMessage(m);
      } else if (m instanceof SessionMessage.Challenge challenge) {
        hello(challenge.challenge());
      } else if (m instanceof SessionMessage.Welcome welcomed) {
        handler.onWelcome(welcomed.after());
        welcome.complete(null);
        LOG.fine(() -> "session open as " + key.address());
        flush();
      } else if (m instanceof SessionMessage.Error error) {
        // the hub closes after this: registration-refused, bad-signature, ...
        LOG.warning("the hub refused the session: " + error.code() + ": " + error.detail());
      }
    }

    /** The first and only message before the welcome; nothing else is sending yet. */
    private void hello(Bytes32 challenge) {
      Signature signature = key.sign(new SolverSession(key.address(), challenge).digest(domain));
      SessionMessage hello =
          new SessionMessage.Hello(key.address(), signature, resumeAfter.getAsLong());
      socket.sendText(codec.encode(hello), true);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      LOG.fine(() -> "session closed by the hub: " + statusCode + " " + reason);
      ended.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      LOG.log(Level.FINE, "session failed", error);
      ended.complete(null);
    }

    void abort() {
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
      ended.complete(null);
    }
  }
}
