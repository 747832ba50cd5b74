package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.stac.client.internal.Conformance;
import io.waterbodies.stac.client.internal.HttpTransport;
import io.waterbodies.stac.client.internal.ModelConversion;
import io.waterbodies.stac.client.internal.PageRequest;
import io.waterbodies.stac.client.internal.Pager;
import io.waterbodies.stac.client.internal.SearchEncoding;
import io.waterbodies.stac.client.internal.TransportConfig;
import io.waterbodies.stac.internal.Uris;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one STAC API, opened at its landing page. It reads {@code conformsTo} (matched
 * whatever the version, and adjustable by the caller), finds the search endpoint from the {@code
 * rel=search} links and their {@code method}, and falls back to {@code /collections/{id}/items}
 * when the API does not offer item search.
 *
 * <pre>{@code
 * try (StacApiClient stac = StacApiClient.open(URI.create("https://earth-search.aws.element84.com/v1"))) {
 *   stac.search(ItemSearch.builder().collections("sentinel-2-l2a").bbox(5.9, 45.8, 10.5, 47.8)
 *           .datetime("2023-06").maxItems(100).build())
 *       .items()
 *       .forEach(item -> log.info("found {}", item.id()));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one client may serve many threads.
 */
public final class StacApiClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StacApiClient.class);
  private static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

  private final URI uri;
  private final HttpTransport transport;
  private final ObjectNode landingPage;
  private final List<String> conformsTo;
  private final Set<ConformanceClass> added;
  private final Set<ConformanceClass> removed;

  private StacApiClient(Builder b, HttpTransport transport, ObjectNode landingPage) {
    this.uri = b.uri;
    this.transport = transport;
    this.landingPage = landingPage;
    List<String> c = new ArrayList<>();
    landingPage.path("conformsTo").forEach(n -> c.add(n.asText()));
    this.conformsTo = Collections.unmodifiableList(c);
    this.added = Collections.unmodifiableSet(b.added);
    this.removed = Collections.unmodifiableSet(b.removed);
  }

  /**
   * Opens the API at its landing page with default settings.
   *
   * @throws StacApiException when the landing page cannot be read
   */
  public static StacApiClient open(URI uri) {
    return builder(uri).build();
  }

  /** A builder for a client of the API whose landing page is at {@code uri}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The landing page URL this client was opened at. */
  public URI uri() {
    return uri;
  }

  /** The landing page as received (a copy). */
  public ObjectNode landingPage() {
    return landingPage.deepCopy();
  }

  /** The landing page's {@code id}, or the empty string. */
  public String id() {
    return landingPage.path("id").asText("");
  }

  /** The landing page's {@code title}, when present. */
  public Optional<String> title() {
    JsonNode t = landingPage.get("title");
    return t != null && t.isTextual() ? Optional.of(t.asText()) : Optional.empty();
  }

  /** The landing page's {@code conformsTo} URIs as the server sent them. */
  public List<String> conformsTo() {
    return conformsTo;
  }

  /**
   * True when the API declares the class (version-insensitively), or the caller added it, and the
   * caller did not remove it.
   */
  public boolean conformsTo(ConformanceClass cls) {
    if (removed.contains(cls)) {
      return false;
    }
    return added.contains(cls) || Conformance.matches(conformsTo, cls);
  }

  /**
   * The conformance URIs from the {@code /conformance} endpoint, or from the landing page when the
   * API has no such endpoint.
   */
  public List<String> conformance() {
    URI c = linkHref("conformance").orElse(resolve("conformance"));
    Optional<ObjectNode> doc = transport.getObjectIfExists(c);
    if (doc.isEmpty()) {
      return conformsTo;
    }
    List<String> out = new ArrayList<>();
    doc.get().path("conformsTo").forEach(n -> out.add(n.asText()));
    return Collections.unmodifiableList(out);
  }

  /**
   * Searches for items. Nothing is requested until the results are consumed.
   *
   * @throws StacApiException when the API offers neither item search nor, for the given
   *     collections, collection item listings
   */
  public SearchResults search(ItemSearch search) {
    Objects.requireNonNull(search, "search");
    long max = search.maxItems().orElse(Long.MAX_VALUE);
    if (!conformsTo(ConformanceClass.ITEM_SEARCH)) {
      return fallbackSearch(search, max);
    }
    List<JsonNode> links = links("search");
    RequestMethod method = search.method().orElseGet(() -> defaultMethod(links));
    URI target =
        links.stream()
            .filter(l -> linkMethod(l).equals(method.name()))
            .findFirst()
            .or(() -> links.stream().findFirst())
            .map(l -> Uris.resolve(uri, l.path("href").asText()))
            .orElseGet(() -> resolve("search"));
    return new SearchResults(transport, List.of(request(method, target, search)), max);
  }

  private SearchResults fallbackSearch(ItemSearch search, long max) {
    if (search.collections().isEmpty()
        || !conformsTo(ConformanceClass.FEATURES) && !conformsTo(ConformanceClass.COLLECTIONS)) {
      throw new StacApiException(
          "the API does not conform to STAC API item-search"
              + (search.collections().isEmpty()
                  ? "; name the collections to search so that their item listings can be used"
                  : " nor to OGC API Features, so there is no way to search it"),
          uri,
          -1,
          null);
    }
    LOG.warn(
        "{} does not conform to STAC API item-search; searching the item listings of {} instead"
            + " (server-side filtering of these listings may be partial)",
        uri,
        search.collections());
    List<PageRequest> starts = new ArrayList<>();
    for (String c : search.collections()) {
      ItemSearch one = search.toBuilder().collections(c).build();
      starts.add(
          new PageRequest(
              "GET",
              Uris.withQuery(itemsUri(c), SearchEncoding.queryParams(one)),
              Optional.empty(),
              Map.of()));
    }
    return new SearchResults(transport, starts, max);
  }

  /**
   * The items of one collection through {@code /collections/{id}/items}, with the listing's own
   * paging. Parameters other than bbox, datetime and limit may be ignored by the server.
   */
  public SearchResults collectionItems(String collectionId, ItemSearch search) {
    ItemSearch one = search.toBuilder().collections(collectionId).build();
    Map<String, String> params = new LinkedHashMap<>(SearchEncoding.queryParams(one));
    params.remove("collections");
    return new SearchResults(
        transport,
        List.of(
            new PageRequest(
                "GET", Uris.withQuery(itemsUri(collectionId), params), Optional.empty(), Map.of())),
        search.maxItems().orElse(Long.MAX_VALUE));
  }

  /**
   * All collections, following the listing's paging links.
   *
   * @throws StacApiException when the listing cannot be read
   * @throws io.waterbodies.stac.StacFormatException naming the URL when a collection is not valid
   */
  public Stream<Collection> collections() {
    URI list = collectionsUri();
    return collectionsAsJson().map(c -> ModelConversion.collection(c, list, ""));
  }

  /**
   * A collection, empty when the API answers 404.
   *
   * @throws StacApiException on any other failure
   */
  public Optional<Collection> collection(String collectionId) {
    URI u = collectionUri(collectionId);
    return transport.getObjectIfExists(u).map(c -> ModelConversion.collection(c, u, ""));
  }

  /** The URL of an item of this API: {@code collections/{collectionId}/items/{itemId}}, encoded. */
  public URI itemUri(String collectionId, String itemId) {
    return appendPath(collectionUri(collectionId), "items/" + Uris.encode(itemId));
  }

  /**
   * An item, empty when the API answers 404.
   *
   * @throws StacApiException on any other failure
   */
  public Optional<Item> item(String collectionId, String itemId) {
    URI u = itemUri(collectionId, itemId);
    return transport.getObjectIfExists(u).map(i -> ModelConversion.item(i, u, ""));
  }

  /**
   * All collections as JSON, following the listing's paging links.
   *
   * @throws StacApiException when the listing cannot be read
   */
  public Stream<ObjectNode> collectionsAsJson() {
    URI list = collectionsUri();
    Pager p =
        new Pager(
            transport,
            List.of(new PageRequest("GET", list, Optional.empty(), Map.of())),
            Long.MAX_VALUE,
            "collections");
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(p, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .flatMap(page -> StreamSupport.stream(page.path("collections").spliterator(), false))
        .filter(JsonNode::isObject)
        .map(ObjectNode.class::cast);
  }

  /**
   * A collection as JSON, empty when the API answers 404.
   *
   * @throws StacApiException on any other failure
   */
  public Optional<ObjectNode> collectionAsJson(String collectionId) {
    return transport.getObjectIfExists(collectionUri(collectionId));
  }

  /**
   * An item as JSON, empty when the API answers 404.
   *
   * @throws StacApiException on any other failure
   */
  public Optional<ObjectNode> itemAsJson(String collectionId, String itemId) {
    return transport.getObjectIfExists(
        appendPath(collectionUri(collectionId), "items/" + Uris.encode(itemId)));
  }

  /** The API's queryables (a JSON Schema), from its queryables link or {@code /queryables}. */
  public ObjectNode queryables() {
    return transport.getObject(linkHref(QUERYABLES_REL).orElse(resolve("queryables")));
  }

  /** The queryables of one collection, {@code /collections/{id}/queryables}. */
  public ObjectNode queryables(String collectionId) {
    return transport.getObject(appendPath(collectionUri(collectionId), "queryables"));
  }

  /** The transactions extension: create, update and delete items and collections. */
  public StacTransactions transactions() {
    if (!conformsTo(ConformanceClass.TRANSACTION)) {
      LOG.debug("{} does not declare the transaction extension; trying anyway", uri);
    }
    return new StacTransactions(this, transport);
  }

  URI collectionsUri() {
    return linkHref("data").orElse(resolve("collections"));
  }

  URI collectionUri(String collectionId) {
    return appendPath(collectionsUri(), Uris.encode(collectionId));
  }

  URI itemsUri(String collectionId) {
    return appendPath(collectionUri(collectionId), "items");
  }

  /** {@code base} with {@code /segment} added to its path, keeping any query string. */
  static URI appendPath(URI base, String segment) {
    String s = base.toString();
    int q = s.indexOf('?');
    String path = q >= 0 ? s.substring(0, q) : s;
    String query = q >= 0 ? s.substring(q) : "";
    return URI.create((path.endsWith("/") ? path : path + "/") + segment + query);
  }

  private URI resolve(String relative) {
    return Uris.asDirectory(uri).resolve(relative);
  }

  private Optional<URI> linkHref(String rel) {
    return links(rel).stream().findFirst().map(l -> Uris.resolve(uri, l.path("href").asText()));
  }

  private List<JsonNode> links(String rel) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode l : landingPage.path("links")) {
      if (rel.equals(l.path("rel").asText()) && l.path("href").isTextual()) {
        out.add(l);
      }
    }
    return out;
  }

  private static String linkMethod(JsonNode link) {
    return link.path("method").asText("GET").toUpperCase(Locale.ROOT);
  }

  /** POST when a search link offers it (or no link says), GET when the links offer only GET. */
  private static RequestMethod defaultMethod(List<JsonNode> links) {
    if (links.isEmpty() || links.stream().anyMatch(l -> linkMethod(l).equals("POST"))) {
      return RequestMethod.POST;
    }
    return RequestMethod.GET;
  }

  private static PageRequest request(RequestMethod method, URI target, ItemSearch search) {
    if (method == RequestMethod.POST) {
      return new PageRequest("POST", target, Optional.of(SearchEncoding.body(search)), Map.of());
    }
    return new PageRequest(
        "GET",
        Uris.withQuery(target, SearchEncoding.queryParams(search)),
        Optional.empty(),
        Map.of());
  }

  /** Nothing to release: the JDK client's resources go with it. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "StacApiClient[" + Redaction.redact(uri.toString()) + "]";
  }

  /** Configures and opens a {@link StacApiClient}; settings are checked in {@link #build()}. */
  public static final class Builder {
    private final URI uri;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.builder().build();
    private long maxResponseBytes = 64L * 1024 * 1024;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Set<String> secretHeaders = new LinkedHashSet<>();
    private final Set<String> trustedHosts = new LinkedHashSet<>();
    private final List<RequestHook> requestHooks = new ArrayList<>();
    private final List<ResponseHook> responseHooks = new ArrayList<>();
    private final Set<ConformanceClass> added = EnumSet.noneOf(ConformanceClass.class);
    private final Set<ConformanceClass> removed = EnumSet.noneOf(ConformanceClass.class);
    private String userAgent = "waterbodies-stac-client";

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** Time allowed to establish a connection (default 10 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
      return this;
    }

    /** Time allowed for one whole exchange, response body included (default 60 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      return this;
    }

    /**
     * Retries on 429, 5xx and connection failures (default: 4 attempts, backoff from 250 ms with
     * jitter); {@link RetryPolicy#NONE} disables them.
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /** The largest response body accepted, after decompression (default 64 MiB). */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    /** A header sent with every request. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * A secret header (e.g. {@code Authorization}) sent with every request to the API's origin,
     * never logged. Like {@code Authorization} and {@code Cookie}, it is dropped when a {@code
     * next} link or a redirect leads to another origin (scheme, host and port), as browsers and
     * python-requests do, unless {@link #allowCredentialsTo(String)} names that host.
     */
    public Builder header(String name, Secret value) {
      header(name, Objects.requireNonNull(value, "value").reveal());
      secretHeaders.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Also sends credentials (secret headers, {@code Authorization}, {@code Cookie}) to {@code
     * host} when a {@code next} link or a redirect leads there, e.g. a paging host of the same
     * provider.
     */
    public Builder allowCredentialsTo(String host) {
      trustedHosts.add(Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT));
      return this;
    }

    /** A hook run before every request, e.g. to sign it. */
    public Builder requestHook(RequestHook hook) {
      requestHooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /** A hook run on every JSON object received, e.g. to sign asset hrefs. */
    public Builder responseHook(ResponseHook hook) {
      responseHooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /** Treats the API as conforming to these classes even when it does not declare them. */
    public Builder addConformance(ConformanceClass... classes) {
      added.addAll(Arrays.asList(classes));
      removed.removeAll(Arrays.asList(classes));
      return this;
    }

    /** Treats the API as not conforming to these classes even when it declares them. */
    public Builder removeConformance(ConformanceClass... classes) {
      removed.addAll(Arrays.asList(classes));
      added.removeAll(Arrays.asList(classes));
      return this;
    }

    /** The User-Agent header. */
    public Builder userAgent(String agent) {
      this.userAgent = Objects.requireNonNull(agent, "userAgent");
      return this;
    }

    private Set<String> credentialHeaders() {
      Set<String> names = new LinkedHashSet<>(secretHeaders);
      names.addAll(List.of("authorization", "proxy-authorization", "cookie"));
      return names;
    }

    /**
     * Checks the settings and reads the landing page.
     *
     * @throws IllegalArgumentException when a setting is invalid
     * @throws StacApiException when the landing page cannot be read
     */
    public StacApiClient build() {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("a STAC API URL must be absolute http(s), got " + uri);
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive");
      }
      if (maxResponseBytes < 1024) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be at least 1024, got " + maxResponseBytes);
      }
      Set<String> names = new LinkedHashSet<>();
      headers.keySet().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
      for (String restricted : List.of("host", "connection", "content-length", "upgrade")) {
        if (names.contains(restricted)) {
          throw new IllegalArgumentException("header '" + restricted + "' cannot be set");
        }
      }
      HttpTransport t =
          new HttpTransport(
              new TransportConfig(
                  connectTimeout,
                  requestTimeout,
                  retryPolicy,
                  maxResponseBytes,
                  headers,
                  requestHooks,
                  responseHooks,
                  userAgent,
                  uri,
                  credentialHeaders(),
                  trustedHosts));
      return new StacApiClient(this, t, t.getObject(uri));
    }
  }
}
