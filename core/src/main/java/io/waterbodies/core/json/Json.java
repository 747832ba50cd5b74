package io.waterbodies.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The SDK's JSON configuration: one {@link ObjectMapper} setup used by every module, and parsing
 * helpers that enforce {@link JsonLimits} and turn Jackson's exceptions into {@link JsonException}s
 * naming the location and the line/column.
 *
 * <p>Numbers are read as {@code BigDecimal} so that a round trip writes them back exactly as read.
 */
public final class Json {
  private static final ObjectMapper DEFAULT = newMapper(JsonLimits.DEFAULT);

  private Json() {}

  /** The shared mapper with {@link JsonLimits#DEFAULT}. Thread-safe; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return DEFAULT;
  }

  /** A fresh mapper configured like {@link #mapper()} but with other limits. */
  public static ObjectMapper newMapper(JsonLimits limits) {
    Objects.requireNonNull(limits, "limits");
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .addModule(new JavaTimeModule())
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxDocumentLength(limits.maxDocumentBytes())
                .build());
    return mapper;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return DEFAULT.createObjectNode();
  }

  /**
   * Parses a JSON document.
   *
   * @param text the document
   * @param location where it came from, for messages (a file, URL, or {@code "<string>"})
   * @throws JsonException when the text is not JSON or exceeds the limits
   */
  public static JsonNode parse(String text, String location) {
    Objects.requireNonNull(text, "text");
    try {
      return DEFAULT.readTree(text);
    } catch (JsonProcessingException e) {
      throw wrap(e, location);
    }
  }

  /**
   * Parses a JSON document from a stream, which is not closed.
   *
   * @throws JsonException when the content is not JSON or exceeds the limits
   * @throws UncheckedIOException when reading fails
   */
  public static JsonNode parse(InputStream in, String location) {
    return parse(DEFAULT, in, location);
  }

  /**
   * Parses with a specific mapper (for other {@link JsonLimits}); see {@link #parse(InputStream,
   * String)}.
   */
  public static JsonNode parse(ObjectMapper mapper, InputStream in, String location) {
    Objects.requireNonNull(in, "in");
    try {
      JsonNode node = mapper.readTree(in);
      if (node == null || node.isMissingNode()) {
        throw new JsonException("empty document", location, null, null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw wrap(e, location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /** Writes a node as indented JSON (two spaces) or compact JSON. */
  public static String write(JsonNode node, boolean pretty) {
    try {
      return pretty
          ? DEFAULT.writerWithDefaultPrettyPrinter().writeValueAsString(node)
          : DEFAULT.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new JsonException("cannot write JSON: " + e.getOriginalMessage(), null, null, e);
    }
  }

  /**
   * Converts a Jackson processing exception into a {@link JsonException} that names the location
   * and the line and column, without Jackson's internal source description.
   */
  public static JsonException wrap(JsonProcessingException e, String location) {
    if (e instanceof StreamConstraintsException) {
      return new JsonException(
          "document exceeds the configured limits: " + e.getOriginalMessage(), location, null, e);
    }
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    String pointer = null;
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme
        && !jme.getPath().isEmpty()) {
      pointer = pathToPointer(jme);
    }
    Object processor = e.getProcessor();
    String kind = processor instanceof JsonParser ? "malformed JSON" : "invalid JSON";
    return new JsonException(kind + where + ": " + e.getOriginalMessage(), location, pointer, e);
  }

  private static String pathToPointer(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
      sb.append('/');
      if (ref.getFieldName() != null) {
        sb.append(JsonPointers.escape(ref.getFieldName()));
      } else {
        sb.append(ref.getIndex());
      }
    }
    return sb.toString();
  }
}
