package io.waterbodies.stac.ext;

import io.waterbodies.core.json.Json;
import io.waterbodies.stac.model.FieldSource;
import io.waterbodies.stac.model.FieldTarget;
import java.util.Optional;
import java.util.OptionalLong;

/** The File Info extension: {@code file:size} in bytes and {@code file:checksum} (multihash). */
public final class FileExtension {
  /** File extension v2.1.0. */
  public static final String SCHEMA_V2_1 =
      "https://stac-extensions.github.io/file/v2.1.0/schema.json";

  private final FieldSource source;

  private FileExtension(FieldSource source) {
    this.source = source;
  }

  /** The file fields of an Asset (or any other field holder). */
  public static FileExtension of(FieldSource source) {
    return new FileExtension(source);
  }

  /** {@code file:size}, bytes. */
  public OptionalLong size() {
    return Fields.integer(source, "file:size");
  }

  /** {@code file:checksum}: a hex-encoded multihash, e.g. {@code 1220...} for SHA2-256. */
  public Optional<String> checksum() {
    return Fields.text(source, "file:checksum");
  }

  /** A writer of file fields into an Asset builder. */
  public static Writer write(FieldTarget target) {
    return new Writer(target);
  }

  /** Writes file fields. */
  public static final class Writer {
    private final FieldTarget target;

    private Writer(FieldTarget target) {
      this.target = target;
      target.declareExtension(SCHEMA_V2_1);
    }

    /** Sets {@code file:size}. */
    public Writer size(long bytes) {
      target.set("file:size", Json.mapper().getNodeFactory().numberNode(bytes));
      return this;
    }

    /** Sets {@code file:checksum} from a SHA-256 digest, as the multihash {@code 1220<hex>}. */
    public Writer sha256(byte[] digest) {
      StringBuilder sb = new StringBuilder("1220");
      for (byte b : digest) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      target.set("file:checksum", Json.mapper().getNodeFactory().textNode(sb.toString()));
      return this;
    }
  }
}
