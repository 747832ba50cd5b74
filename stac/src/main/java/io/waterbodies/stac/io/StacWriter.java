package io.waterbodies.stac.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.StacIoException;
import io.waterbodies.stac.model.StacDocument;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes STAC documents as JSON: pretty (two-space indent, one value per line, {@code "key":
 * value}) or compact. Fields are written in the order they were read or set. Thread-safe.
 */
public final class StacWriter {
  private static final StacWriter PRETTY = new StacWriter(true);
  private static final StacWriter COMPACT = new StacWriter(false);

  private final ObjectWriter writer;

  private StacWriter(boolean pretty) {
    if (pretty) {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(indenter)
              .withArrayIndenter(indenter);
      this.writer = Json.mapper().writer(printer);
    } else {
      this.writer = Json.mapper().writer();
    }
  }

  /** The pretty writer. */
  public static StacWriter pretty() {
    return PRETTY;
  }

  /** The compact writer (no whitespace). */
  public static StacWriter compact() {
    return COMPACT;
  }

  /** The document as JSON text. */
  public String write(StacDocument document) {
    try {
      // Model objects serialise their own JSON, without a copy.
      return writer.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new StacFormatException("cannot write JSON: " + e.getOriginalMessage(), null, null, e);
    }
  }

  /** Any JSON tree as text, formatted like documents. */
  public String write(JsonNode json) {
    try {
      return writer.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new StacFormatException("cannot write JSON: " + e.getOriginalMessage(), null, null, e);
    }
  }

  /**
   * Streams the document to a writer, which is flushed but not closed; nothing is buffered as one
   * string, so large ItemCollections need no more memory than their model.
   *
   * @throws StacIoException when writing fails
   */
  public void write(StacDocument document, Writer out) {
    try {
      writer
          .without(SerializationFeature.CLOSE_CLOSEABLE)
          .writeValue(new NonClosing(out), document);
      out.flush();
    } catch (IOException e) {
      throw new StacIoException("cannot write: " + e.getMessage(), null, e);
    }
  }

  /** Writes the document to a file (UTF-8, with a final newline), creating parent directories. */
  public void write(StacDocument document, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        write(document, w);
        w.write("\n");
      }
    } catch (IOException | StacIoException e) {
      throw new StacIoException("cannot write: " + e.getMessage(), file.toString(), e);
    }
  }

  /** Keeps Jackson from closing the caller's writer. */
  private static final class NonClosing extends FilterWriter {
    NonClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
