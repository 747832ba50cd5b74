package io.waterbodies.stac.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.StacIoException;
import io.waterbodies.stac.StacLimitException;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.ItemCollection;
import io.waterbodies.stac.model.StacDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads STAC documents from strings, streams, files and URLs, detecting the type from the {@code
 * type} field ({@code Feature}, {@code Catalog}, {@code Collection}, {@code FeatureCollection}).
 * Input is bounded by {@link JsonLimits}; every failure is a {@link StacException} naming the file
 * or URL and, where there is one, the JSON pointer. Thread-safe.
 *
 * <pre>{@code
 * StacReader reader = StacReader.create();
 * Item item = reader.readItem(Path.of("item.json"));
 * StacDocument any = reader.read(URI.create("https://example.com/stac/catalog.json"));
 * }</pre>
 */
public final class StacReader {
  private static final StacReader DEFAULT = builder().build();

  private final JsonLimits limits;
  private final ObjectMapper mapper;
  private final Duration timeout;
  private final HttpClient http;

  private StacReader(Builder b) {
    this.limits = b.limits;
    this.mapper = Json.newMapper(b.limits);
    this.timeout = b.timeout;
    this.http = b.http;
  }

  /** A reader with {@link JsonLimits#DEFAULT} and a 30 s HTTP timeout. */
  public static StacReader create() {
    return DEFAULT;
  }

  /** A builder to set limits and the HTTP client. */
  public static Builder builder() {
    return new Builder();
  }

  /** The limits this reader enforces. */
  public JsonLimits limits() {
    return limits;
  }

  /** Reads a document held in a string; {@code location} names it in errors. */
  public StacDocument read(String json, String location) {
    Objects.requireNonNull(json, "json");
    return toDocument(
        parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), location),
        location,
        null);
  }

  /** Reads a document from a stream, which is not closed; {@code location} names it in errors. */
  public StacDocument read(InputStream in, String location) {
    return toDocument(parse(in, location), location, null);
  }

  /** Reads a document from a file; relative hrefs in it resolve against the file. */
  public StacDocument read(Path file) {
    return toDocument(readTree(file), file.toString(), file.toAbsolutePath().normalize().toUri());
  }

  /** Reads a document from a {@code file:}, {@code http:} or {@code https:} URI. */
  public StacDocument read(URI uri) {
    return toDocument(readTree(uri), Redaction.redact(uri.toString()), uri);
  }

  /** Reads a document from a URL; see {@link #read(URI)}. */
  public StacDocument read(URL url) {
    try {
      return read(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new StacIoException("not a valid URL", url.toString(), e);
    }
  }

  /** Reads an Item from a file, failing when the document is of another type. */
  public Item readItem(Path file) {
    return expect(read(file), Item.class, file.toString());
  }

  /** Reads an Item from a URI, failing when the document is of another type. */
  public Item readItem(URI uri) {
    return expect(read(uri), Item.class, uri.toString());
  }

  /** Reads a Catalog from a file, failing when the document is of another type. */
  public Catalog readCatalog(Path file) {
    return expect(read(file), Catalog.class, file.toString());
  }

  /** Reads a Collection from a file, failing when the document is of another type. */
  public Collection readCollection(Path file) {
    return expect(read(file), Collection.class, file.toString());
  }

  /** Reads an ItemCollection from a file, failing when the document is of another type. */
  public ItemCollection readItemCollection(Path file) {
    return expect(read(file), ItemCollection.class, file.toString());
  }

  /**
   * Reads a document of the expected type.
   *
   * @throws StacFormatException at {@code /type} when the document is of another type
   */
  public static <T extends StacDocument> T expect(
      StacDocument doc, Class<T> type, String location) {
    if (!type.isInstance(doc)) {
      throw new StacFormatException(
          "expected a " + type.getSimpleName() + " but the document is a " + doc.type(),
          location,
          "/type",
          null);
    }
    return type.cast(doc);
  }

  /**
   * Parses a file as JSON within the limits, without interpreting it as STAC.
   *
   * @throws StacLimitException when the file is larger than the limit (checked before reading)
   */
  public JsonNode readTree(Path file) {
    String location = file.toString();
    try {
      long size = Files.size(file);
      if (size > limits.maxDocumentBytes()) {
        throw new StacLimitException(
            "document is "
                + size
                + " bytes, over the limit of "
                + limits.maxDocumentBytes()
                + " bytes",
            location,
            null,
            null);
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(in, location);
      }
    } catch (NoSuchFileException e) {
      throw new StacIoException("no such file", location, e);
    } catch (IOException e) {
      throw new StacIoException("cannot read: " + e.getMessage(), location, e);
    }
  }

  /** Parses the document at a URI as JSON within the limits. */
  public JsonNode readTree(URI uri) {
    try {
      return fetchTree(uri);
    } catch (IllegalArgumentException e) {
      // Path.of(URI) and HttpRequest reject URIs they cannot use (a file: URI with a host, ...).
      throw new StacIoException(
          "cannot read: " + e.getMessage(), Redaction.redact(uri.toString()), e);
    }
  }

  private JsonNode fetchTree(URI uri) {
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return readTree(uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri));
    }
    String location = Redaction.redact(uri.toString());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new StacIoException(
          "unsupported scheme '" + scheme + "' (use file, http or https)", location, null);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/geo+json, application/json")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() / 100 != 2) {
          throw new StacIoException("HTTP " + response.statusCode(), location, null);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length > limits.maxDocumentBytes()) {
          throw new StacLimitException(
              "document is "
                  + length
                  + " bytes, over the limit of "
                  + limits.maxDocumentBytes()
                  + " bytes",
              location,
              null,
              null);
        }
        return parse(body, location);
      }
    } catch (IOException e) {
      throw new StacIoException("cannot fetch: " + e, location, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StacIoException("interrupted while fetching", location, e);
    }
  }

  private HttpClient client() {
    return http != null ? http : Holder.CLIENT;
  }

  /** Lazily created, so readers that never fetch over HTTP do not start its threads. */
  private static final class Holder {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  private JsonNode parse(InputStream in, String location) {
    // Own the parser so that its context can name the JSON pointer of any failure.
    JsonParser parser = null;
    try {
      parser = mapper.getFactory().createParser(in);
      // A repeated key would otherwise silently drop one of the values.
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode node = mapper.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new StacFormatException("empty document", location, null, null);
      }
      if (parser.nextToken() != null) {
        throw new StacFormatException(
            "malformed JSON: trailing content after the document at line "
                + parser.currentLocation().getLineNr(),
            location,
            null,
            null);
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new StacLimitException(
          "document exceeds the configured limits: " + e.getOriginalMessage(),
          location,
          pointerOf(parser),
          e);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null || e.getLocation().getLineNr() < 0
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new StacFormatException(
          "malformed JSON" + where + ": " + e.getOriginalMessage(), location, pointerOf(parser), e);
    } catch (IOException e) {
      throw new StacIoException("cannot read: " + e.getMessage(), location, e);
    }
  }

  private static String pointerOf(JsonParser parser) {
    if (parser != null && parser.getParsingContext() != null) {
      return parser.getParsingContext().pathAsPointer().toString();
    }
    return null;
  }

  /**
   * Interprets a parsed JSON tree as a STAC document, by its {@code type}.
   *
   * @param tree the JSON (copied into the document)
   * @param location names the document in errors
   * @param uri where it lives, to resolve relative hrefs, or {@code null}
   * @throws StacFormatException naming the location and JSON pointer when it is not usable STAC
   */
  public static StacDocument toDocument(JsonNode tree, String location, URI uri) {
    if (!tree.isObject()) {
      throw new StacFormatException(
          "a STAC document must be a JSON object, found "
              + tree.getNodeType().name().toLowerCase(Locale.ROOT),
          location,
          "",
          null);
    }
    JsonNode type = tree.get("type");
    try {
      String t = type != null && type.isTextual() ? type.textValue() : untypedKind(tree);
      StacDocument doc =
          switch (t) {
            case Item.TYPE -> Item.fromJson(tree);
            case Catalog.TYPE -> Catalog.fromJson(tree);
            case Collection.TYPE -> Collection.fromJson(tree);
            case ItemCollection.TYPE -> ItemCollection.fromJson(tree);
            default ->
                throw new StacFormatException(
                    type == null
                        ? "required field 'type' is missing (expected Feature, Catalog,"
                            + " Collection or FeatureCollection)"
                        : "unknown type "
                            + type
                            + " (expected Feature, Catalog, Collection or FeatureCollection)",
                    location,
                    "/type",
                    null);
          };
      return uri == null ? doc : doc.withLocation(uri);
    } catch (StacFormatException e) {
      throw e.location().isPresent() ? e : e.at(location);
    }
  }

  /**
   * The type of a pre-1.0 Catalog or Collection, which had no {@code type} field: a Collection has
   * an {@code extent}. Empty for anything else.
   */
  private static String untypedKind(JsonNode tree) {
    String v = tree.path("stac_version").asText("");
    if (tree.get("type") != null || !(v.startsWith("0.") || v.startsWith("1.0.0-"))) {
      return "";
    }
    return tree.has("extent") ? Collection.TYPE : tree.has("id") ? Catalog.TYPE : "";
  }

  /** Configures a {@link StacReader}. */
  public static final class Builder {
    private JsonLimits limits = JsonLimits.DEFAULT;
    private Duration timeout = Duration.ofSeconds(30);
    private HttpClient http;

    private Builder() {}

    /** Sets the size, depth and string-length limits (default {@link JsonLimits#DEFAULT}). */
    public Builder limits(JsonLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Sets the HTTP request timeout (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Uses this HTTP client for http(s) URIs instead of a shared default one. */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The reader. */
    public StacReader build() {
      return new StacReader(this);
    }
  }
}
