package io.waterbodies.stac;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test fixtures (read-only), located through the {@code waterbodies.shared} property.
 */
public final class SharedFiles {
  private SharedFiles() {}

  /** The shared folder. */
  public static Path root() {
    Path p = Path.of(System.getProperty("waterbodies.shared", "../../shared"));
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("shared fixtures not found at " + p.toAbsolutePath());
    }
    return p;
  }

  /** {@code shared/examples/stac}. */
  public static Path stacExamples() {
    return root().resolve("examples/stac");
  }

  /** {@code shared/schemas/stac}. */
  public static Path stacSchemas() {
    return root().resolve("schemas/stac");
  }

  /** Every STAC example document: examples/stac recursively and examples/stac-api/*.json. */
  public static List<Path> allExamples() {
    try (Stream<Path> stac = Files.walk(stacExamples());
        Stream<Path> api = Files.list(root().resolve("examples/stac-api"))) {
      List<Path> out =
          Stream.concat(stac, api).filter(p -> p.toString().endsWith(".json")).sorted().toList();
      if (out.size() < 20) {
        throw new IllegalStateException("expected the shared STAC examples, found " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
