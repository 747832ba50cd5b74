package io.waterbodies.stac.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.client.RequestHook;
import io.waterbodies.stac.client.ResponseHook;
import io.waterbodies.stac.client.StacApiConflictException;
import io.waterbodies.stac.client.StacApiException;
import io.waterbodies.stac.client.StacApiNotFoundException;
import io.waterbodies.stac.client.StacRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests for the STAC API client on the JDK {@link HttpClient}: default headers and
 * request hooks, gzip, a bound on the whole exchange (headers and body), a response size limit, and
 * retries with backoff and jitter on 429, 5xx and connection failures, honouring {@code
 * Retry-After}. Every failure becomes a {@link StacApiException} naming the URL and status. Header
 * values are never logged.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final String ACCEPT = "application/geo+json, application/json;q=0.9, */*;q=0.1";

  private final TransportConfig config;
  private final HttpClient client;
  private final Clock clock;

  /** A transport with its own JDK client. */
  public HttpTransport(TransportConfig config) {
    this(config, Clock.systemUTC());
  }

  HttpTransport(TransportConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            // Redirects are followed here, so that credentials can be dropped on a new origin.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The settings. */
  public TransportConfig config() {
    return config;
  }

  /** GETs a JSON object, failing on any non-2xx status. */
  public ObjectNode getObject(URI uri) {
    return object(send("GET", uri, Optional.empty(), Map.of()));
  }

  /** GETs a JSON object, empty on 404. */
  public Optional<ObjectNode> getObjectIfExists(URI uri) {
    HttpResult r = exchange("GET", uri, Optional.empty(), Map.of(), config.retryPolicy());
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(object(checked(r)));
  }

  /**
   * Sends a request and returns its successful (2xx) response, after retries.
   *
   * @throws StacApiNotFoundException on 404
   * @throws StacApiConflictException on 409
   * @throws StacApiException on any other failure
   */
  public HttpResult send(String method, URI uri, Optional<String> body, Map<String, String> hdrs) {
    return checked(exchange(method, uri, body, hdrs, config.retryPolicy()));
  }

  /**
   * Sends a request that must not be repeated (a create): one attempt, no retries, so that a create
   * that reached the server is never sent twice.
   */
  public HttpResult sendOnceOnly(String method, URI uri, Optional<String> body) {
    return checked(exchange(method, uri, body, Map.of(), RetryPolicy.NONE));
  }

  /** Parses a response body as a JSON object and runs the response hooks on it. */
  public ObjectNode object(HttpResult r) {
    JsonNode node = json(r);
    if (!node.isObject()) {
      throw new StacApiException(
          "expected a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT),
          r.uri(),
          r.status(),
          null);
    }
    ObjectNode obj = (ObjectNode) node;
    for (ResponseHook hook : config.responseHooks()) {
      hook.afterReceive(r.uri(), obj);
    }
    return obj;
  }

  private JsonNode json(HttpResult r) {
    if (r.body().length == 0) {
      throw new StacApiException("empty response, expected JSON", r.uri(), r.status(), null);
    }
    try {
      return Json.mapper().readTree(r.body());
    } catch (JsonProcessingException e) {
      String type = r.contentType();
      String what =
          type.toLowerCase(Locale.ROOT).contains("html")
              ? "an HTML page, not JSON"
              : "invalid JSON (" + (type.isEmpty() ? "no Content-Type" : type) + ")";
      throw new StacApiException(
          "response is " + what + ": " + Json.wrap(e, r.uri().toString()).detail(),
          r.uri(),
          r.status(),
          e);
    } catch (IOException e) {
      throw new StacApiException("cannot read response: " + e.getMessage(), r.uri(), -1, e);
    }
  }

  private HttpResult checked(HttpResult r) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      return r;
    }
    String detail = errorDetail(r);
    if (s == 404) {
      throw new StacApiNotFoundException("not found" + detail, r.uri());
    }
    if (s == 409) {
      throw new StacApiConflictException("conflict" + detail, r.uri());
    }
    throw new StacApiException("request failed" + detail, r.uri(), s, null);
  }

  /** A short description of an error body: the JSON description, or the first characters. */
  private static String errorDetail(HttpResult r) {
    if (r.body().length == 0) {
      return "";
    }
    try {
      JsonNode n = Json.mapper().readTree(r.body());
      for (String f : new String[] {"description", "detail", "message", "title", "code"}) {
        if (n.path(f).isTextual()) {
          return ": " + n.path(f).asText();
        }
      }
    } catch (IOException notJson) {
      // An HTML error page or plain text: show its beginning instead.
    }
    return ": " + r.snippet(200);
  }

  /** Sends with retries; returns the last response whatever its status. */
  HttpResult exchange(
      String method, URI uri, Optional<String> body, Map<String, String> hdrs, RetryPolicy policy) {
    checkScheme(uri);
    for (int attempt = 1; ; attempt++) {
      HttpResult r;
      try {
        r = sendOnce(method, uri, body, hdrs);
      } catch (RetryableFailure f) {
        if (!policy.canRetryAfter(attempt)) {
          throw new StacApiException(
              f.getMessage() + " (after " + attempt + " attempts)", uri, -1, f.getCause());
        }
        Duration d = policy.delayAfter(attempt);
        LOG.debug(
            "{} {}: {}; retrying in {} ms", method, redact(uri), f.getMessage(), d.toMillis());
        sleep(d, uri);
        continue;
      }
      if (isRetryable(r.status()) && policy.canRetryAfter(attempt)) {
        Optional<Duration> hint =
            RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), clock);
        Duration d =
            hint.isPresent() ? policy.delayAfter(attempt, hint.get()) : policy.delayAfter(attempt);
        LOG.debug(
            "{} {}: HTTP {}; retrying in {} ms", method, redact(uri), r.status(), d.toMillis());
        sleep(d, uri);
        continue;
      }
      if (isRetryable(r.status()) && attempt > 1) {
        throw new StacApiException(
            "request failed after " + attempt + " attempts" + errorDetail(r),
            uri,
            r.status(),
            null);
      }
      return r;
    }
  }

  private static String redact(URI uri) {
    return Redaction.redact(uri.toString());
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  private static void checkScheme(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new StacApiException(
          "refusing to follow a URL with scheme '" + scheme + "': only http and https are allowed",
          uri,
          -1,
          null);
    }
  }

  private static void sleep(Duration d, URI uri) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StacApiException("interrupted while waiting to retry", uri, -1, e);
    }
  }

  /** A failure where no response arrived and another attempt may help. */
  private static final class RetryableFailure extends Exception {
    private static final long serialVersionUID = 1L;

    RetryableFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int MAX_REDIRECTS = 5;

  /** Sends one attempt, following up to {@value #MAX_REDIRECTS} redirects. */
  private HttpResult sendOnce(
      String method, URI uri, Optional<String> body, Map<String, String> extraHeaders)
      throws RetryableFailure {
    String m = method;
    Optional<String> b = body;
    URI target = uri;
    for (int hop = 0; ; hop++) {
      HttpResult r = sendOneHop(m, target, b, extraHeaders);
      Optional<URI> next = redirectTarget(r, target);
      if (next.isEmpty()) {
        return new HttpResult(uri, r.status(), r.headers(), r.body());
      }
      if (hop == MAX_REDIRECTS) {
        throw new StacApiException(
            "more than " + MAX_REDIRECTS + " redirects", uri, r.status(), null);
      }
      int s = r.status();
      if (s == 303 || ((s == 301 || s == 302) && m.equals("POST"))) {
        m = "GET";
        b = Optional.empty();
      }
      LOG.debug("{} {}: HTTP {} to {}", m, redact(target), s, redact(next.get()));
      target = next.get();
    }
  }

  /** Where a 3xx response sends the client; empty when it is not a redirect to follow. */
  private static Optional<URI> redirectTarget(HttpResult r, URI from) {
    int s = r.status();
    if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
      return Optional.empty();
    }
    Optional<String> location = r.headers().firstValue("Location");
    if (location.isEmpty()) {
      return Optional.empty();
    }
    URI to;
    try {
      to = from.resolve(location.get().trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    // As the JDK's NORMAL policy: never from https to http.
    if (!(scheme.equals("http") || scheme.equals("https"))
        || ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http"))) {
      return Optional.empty();
    }
    return Optional.of(to);
  }

  /**
   * Whether credentials may go to {@code uri}: the API's own origin (scheme, host and port), or a
   * host the caller allowed.
   */
  private boolean mayCarryCredentials(URI uri) {
    URI o = config.origin();
    if (o == null) {
      return true;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (config.trustedHosts().contains(host)) {
      return true;
    }
    return host.equalsIgnoreCase(o.getHost() == null ? "" : o.getHost())
        && scheme(uri).equals(scheme(o))
        && port(uri) == port(o);
  }

  private static String scheme(URI u) {
    return u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return scheme(u).equals("https") ? 443 : 80;
  }

  private HttpResult sendOneHop(
      String method, URI uri, Optional<String> body, Map<String, String> extraHeaders)
      throws RetryableFailure {
    MutableRequest req = new MutableRequest(method, uri, body);
    req.header("Accept", ACCEPT);
    req.header("Accept-Encoding", "gzip");
    req.header("User-Agent", config.userAgent());
    if (body.isPresent()) {
      req.header("Content-Type", "application/json");
    }
    boolean credentials = mayCarryCredentials(uri);
    config
        .headers()
        .forEach(
            (name, value) -> {
              if (credentials
                  || !config.credentialHeaders().contains(name.toLowerCase(Locale.ROOT))) {
                req.header(name, value);
              }
            });
    if (!credentials && !config.credentialHeaders().isEmpty()) {
      LOG.debug(
          "{}: another origin than {}; credentials not sent", redact(uri), redact(config.origin()));
    }
    extraHeaders.forEach(req::header);
    for (RequestHook hook : config.requestHooks()) {
      hook.beforeSend(req);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout());
    req.headers.forEach(b::setHeader);
    b.method(
        method,
        body.map(s -> HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8))
            .orElse(HttpRequest.BodyPublishers.noBody()));
    long limit = config.maxResponseBytes();
    LOG.debug("{} {}", method, redact(uri));
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(b.build(), info -> new LimitedBodySubscriber(limit));
    HttpResponse<byte[]> resp;
    try {
      // The JDK timeout covers the response headers only; this bounds the body too.
      resp = future.get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(uri, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StacApiException("interrupted", uri, -1, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof LimitedBodySubscriber.TooLargeException) {
        throw new StacApiException(c.getMessage(), uri, -1, null);
      }
      if (c instanceof HttpConnectTimeoutException || c instanceof ConnectException) {
        throw new RetryableFailure("cannot connect: " + describe(c), c);
      }
      if (c instanceof HttpTimeoutException) {
        throw timeout(uri, c);
      }
      if (c instanceof IOException) {
        throw new RetryableFailure("connection failed: " + describe(c), c);
      }
      throw new StacApiException("request failed: " + describe(c), uri, -1, c);
    }
    byte[] bytes = resp.body();
    String encoding = resp.headers().firstValue("Content-Encoding").orElse("");
    if (encoding.equalsIgnoreCase("gzip") || isGzip(bytes)) {
      bytes = gunzip(bytes, uri, resp.statusCode());
    }
    return new HttpResult(uri, resp.statusCode(), resp.headers(), bytes);
  }

  private StacApiException timeout(URI uri, Throwable cause) {
    return new StacApiException(
        "no complete response within the request timeout of " + config.requestTimeout(),
        uri,
        -1,
        cause);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static boolean isGzip(byte[] b) {
    return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private byte[] gunzip(byte[] bytes, URI uri, int status) {
    if (!isGzip(bytes)) {
      return bytes; // labelled gzip but already decoded (some proxies do this)
    }
    long limit = config.maxResponseBytes();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (out.length > limit) {
        throw new StacApiException(
            "decompressed response body exceeds the limit of " + limit + " bytes",
            uri,
            status,
            null);
      }
      return out;
    } catch (IOException e) {
      throw new StacApiException(
          "cannot decompress gzip response: " + e.getMessage(), uri, status, e);
    }
  }

  @Override
  public void close() {
    // The JDK 17 HttpClient has no close(); its threads end once it is unreachable.
  }

  /** The hook's view of a request being built. */
  private static final class MutableRequest implements StacRequest {
    private final String method;
    private final URI uri;
    private final Optional<String> body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    MutableRequest(String method, URI uri, Optional<String> body) {
      this.method = method;
      this.uri = uri;
      this.body = body;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public URI uri() {
      return uri;
    }

    @Override
    public Optional<String> body() {
      return body;
    }

    @Override
    public Map<String, String> headers() {
      return Collections.unmodifiableMap(headers);
    }

    @Override
    public void header(String name, String value) {
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      headers.put(name, value);
    }

    @Override
    public String toString() {
      return method + " " + uri + " headers=" + headers.keySet();
    }
  }
}
