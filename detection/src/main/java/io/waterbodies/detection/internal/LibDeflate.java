package io.waterbodies.detection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libdeflate, reached through this module's JNI glue ({@code
 * src/main/native/waterbodies_inflate.c}), which the build compiles into the jar on Linux x86-64.
 * It inflates a block two to three times faster than {@link java.util.zip.Inflater}'s zlib, the
 * largest single cost of a full-tile detection. Where the glue or libdeflate is missing, or the
 * system property {@value #PROPERTY} is {@code false}, {@link #available()} is false and {@link
 * BlockInflater} uses java.util.zip.
 */
final class LibDeflate {
  /** Set to {@code false} to inflate with java.util.zip even where libdeflate loads. */
  static final String PROPERTY = "waterbodies.detection.libdeflate";

  /** libdeflate's result for a stream decoded to exactly the requested size. */
  static final int SUCCESS = 0;

  private static final Logger LOG = LoggerFactory.getLogger(LibDeflate.class);
  private static final String RESOURCE = "native/linux-x86_64/libwaterbodies-inflate.so";
  private static final Optional<String> UNAVAILABLE = load();

  private LibDeflate() {}

  /** Whether blocks can be inflated with libdeflate in this JVM. */
  static boolean available() {
    return UNAVAILABLE.isEmpty();
  }

  /** Why libdeflate is not used, or empty when it is. */
  static Optional<String> unavailableReason() {
    return UNAVAILABLE;
  }

  private static Optional<String> load() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
      return Optional.of("turned off by -D" + PROPERTY + "=false");
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return reason("no glue for " + os + " " + arch + " (Linux x86-64 only)");
    }
    try (InputStream in = LibDeflate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return reason("the JNI glue was not built into this jar (no gcc at build time)");
      }
      // A private directory (owner-only on POSIX), removed as soon as the library is mapped.
      Path dir = Files.createTempDirectory("waterbodies-native");
      Path lib = dir.resolve("libwaterbodies-inflate.so");
      try {
        Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        System.load(lib.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(lib);
        Files.deleteIfExists(dir);
      }
      String why = init();
      if (why != null) {
        return reason(why);
      }
      LOG.debug("inflating TIFF blocks with libdeflate");
      return Optional.empty();
    } catch (IOException | LinkageError | SecurityException e) {
      return reason("the JNI glue did not load: " + e);
    }
  }

  private static Optional<String> reason(String why) {
    LOG.debug("inflating TIFF blocks with java.util.zip: {}", why);
    return Optional.of(why);
  }

  /** Opens libdeflate; null when ready, else why not. */
  private static native String init();

  /** A new decompressor handle, 0 when out of memory. */
  static native long alloc();

  /** Frees a handle from {@link #alloc}. */
  static native void free(long decompressor);

  /**
   * Decodes the zlib stream {@code in[inOff..inOff+inLen)} into exactly {@code out[0..outLen)};
   * both ranges must lie inside their arrays. Returns {@link #SUCCESS} or libdeflate's error (bad
   * data, short output, more output than {@code outLen}), -1 if an array could not be pinned.
   */
  static native int zlibDecompress(
      long decompressor, byte[] in, int inOff, int inLen, byte[] out, int outLen);
}
