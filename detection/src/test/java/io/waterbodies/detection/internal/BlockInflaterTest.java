package io.waterbodies.detection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The libdeflate path loads where the build made its glue, and decodes every block of the shared
 * scenes, and every malformed stream, exactly as the java.util.zip path does.
 */
class BlockInflaterTest {
  private static final Path DATA =
      Path.of(System.getProperty("waterbodies.shared", "../../shared")).resolve("data");

  @Test
  void libDeflateLoadsWhereTheBuildMadeTheGlue() {
    boolean linuxX64 =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    boolean built =
        LibDeflate.class.getResource("native/linux-x86_64/libwaterbodies-inflate.so") != null;
    if ("false".equals(System.getProperty(LibDeflate.PROPERTY))) {
      assertThat(LibDeflate.unavailableReason()).hasValueSatisfying(r -> r.contains("turned off"));
    } else if (linuxX64 && built) {
      assertThat(LibDeflate.available())
          .as("libdeflate unavailable: %s", LibDeflate.unavailableReason().orElse(""))
          .isTrue();
      try (BlockInflater in = BlockInflater.open()) {
        assertThat(in.usesLibDeflate()).isTrue();
      }
    } else {
      assertThat(LibDeflate.unavailableReason()).isPresent();
    }
    if (System.getenv("CI") != null) {
      // CI builds on Linux x86-64 with gcc (scripts/prereqs.sh): the fast path must be there.
      assertThat(linuxX64 && built).as("native inflate built into the classes in CI").isTrue();
    }
    try (BlockInflater slow = BlockInflater.open(false)) {
      assertThat(slow.usesLibDeflate()).isFalse();
    }
  }

  @Test
  void everyDeflateBlockOfTheScenesDecodesAlikeOnBothPaths() throws Exception {
    List<Path> files =
        List.of(
            DATA.resolve("s2-29RKH-desert/B03.tif"),
            DATA.resolve("s2-29RKH-desert/B08.tif"),
            DATA.resolve("s2-29RKH-desert/SCL.tif"),
            DATA.resolve("naip-lakes/naip_2020.tif"),
            DATA.resolve("landsat-pucallpa/landsat_2020.tif"));
    int blocks = 0;
    try (BlockInflater fast = BlockInflater.open();
        BlockInflater slow = BlockInflater.open(false)) {
      for (Path f : files) {
        assertThat(f).as("shared test data (set -Dwaterbodies.shared)").exists();
        TiffDirectory d = TiffDirectory.read(f);
        assertThat(d.get(259).longs()[0]).as(f + " compression").isIn(8L, 32946L);
        boolean tiled = d.get(324) != null;
        long[] offsets = d.get(tiled ? 324 : 273).longs();
        long[] counts = d.get(tiled ? 325 : 279).longs();
        byte[] file = Files.readAllBytes(f);
        for (int i = 0; i < offsets.length; i++) {
          byte[] comp = Arrays.copyOfRange(file, (int) offsets[i], (int) (offsets[i] + counts[i]));
          byte[] want = inflateAll(comp);
          byte[] a = new byte[want.length];
          byte[] b = new byte[want.length];
          assertThat(fast.inflate(comp, 0, comp.length, a, want.length)).isEqualTo(want.length);
          assertThat(slow.inflate(comp, 0, comp.length, b, want.length)).isEqualTo(want.length);
          if (!Arrays.equals(a, want) || !Arrays.equals(b, want)) {
            throw new AssertionError(f + " block " + i + " decodes differently");
          }
          blocks++;
        }
      }
    }
    assertThat(blocks).as("deflate blocks in the shared scenes").isGreaterThanOrEqualTo(30);
  }

  @Test
  void malformedStreamsEndAlikeOnBothPaths() throws Exception {
    byte[] plain = new byte[200_000];
    Random random = new Random(7);
    for (int i = 0; i < plain.length; i++) {
      plain[i] = (byte) random.nextInt(40); // compressible, with long literal runs
    }
    byte[] good = deflate(plain);
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] badChecksum = good.clone();
    badChecksum[badChecksum.length - 1] ^= 0x55;
    byte[] flipped = good.clone();
    for (int i = 100; i < 164; i++) {
      flipped[i] = (byte) 0xFF;
    }
    byte[] garbage = new byte[5000];
    new Random(11).nextBytes(garbage);
    byte[] rawDeflate = deflateRaw(plain); // no zlib header: not what TIFF holds
    List<Case> cases =
        List.of(
            new Case("exact", good, plain.length),
            new Case("longer than the block", good, plain.length - 1000),
            new Case("shorter than the block", good, plain.length + 1000),
            new Case("truncated", truncated, plain.length),
            new Case("bad checksum", badChecksum, plain.length),
            new Case("flipped bytes", flipped, plain.length),
            new Case("garbage", garbage, plain.length),
            new Case("raw deflate", rawDeflate, plain.length),
            new Case("empty", new byte[0], plain.length));
    try (BlockInflater fast = BlockInflater.open();
        BlockInflater slow = BlockInflater.open(false)) {
      for (Case c : cases) {
        String a = outcome(fast, c);
        String b = outcome(slow, c);
        assertThat(a).as(c.name()).isEqualTo(b);
      }
      assertThat(outcome(fast, cases.get(0))).startsWith("decoded " + plain.length + " ");
      assertThat(outcome(fast, cases.get(1))).startsWith("decoded " + (plain.length - 1000) + " ");
      assertThat(outcome(fast, cases.get(2))).startsWith("decoded " + plain.length + " ");
      assertThat(outcome(fast, cases.get(6))).startsWith("DataFormatException");
    }
  }

  @Test
  void rangesOutsideTheArraysAreRefusedBeforeDecoding() {
    try (BlockInflater in = BlockInflater.open()) {
      byte[] comp = new byte[10];
      byte[] raw = new byte[10];
      assertThatThrownBy(() -> in.inflate(comp, 5, 10, raw, 10))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> in.inflate(comp, -1, 2, raw, 10))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> in.inflate(comp, 0, 10, raw, 11))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void closingTwiceIsHarmless() throws Exception {
    byte[] plain = "water".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] comp = deflate(plain);
    BlockInflater in = BlockInflater.open();
    byte[] out = new byte[plain.length];
    assertThat(in.inflate(comp, 0, comp.length, out, out.length)).isEqualTo(plain.length);
    assertThat(out).isEqualTo(plain);
    in.close();
    in.close();
  }

  /** One stream and the block size asked of it. */
  private record Case(String name, byte[] comp, int need) {}

  /**
   * What decoding a case gave: the byte count and a digest of the bytes decoded (what lies past
   * them is never read: the decoder fails a short block), or the exception.
   */
  private static String outcome(BlockInflater in, Case c) {
    byte[] raw = new byte[c.need()];
    try {
      int got = in.inflate(c.comp(), 0, c.comp().length, raw, c.need());
      return "decoded " + got + " " + Arrays.hashCode(Arrays.copyOf(raw, got));
    } catch (DataFormatException e) {
      return "DataFormatException";
    }
  }

  private static byte[] inflateAll(byte[] comp) throws DataFormatException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(comp);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      while (!inf.finished()) {
        int k = inf.inflate(buf);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new AssertionError("block stream ends early");
        }
        out.write(buf, 0, k);
      }
      return out.toByteArray();
    } finally {
      inf.end();
    }
  }

  private static byte[] deflate(byte[] plain) {
    return deflate(plain, new Deflater());
  }

  private static byte[] deflateRaw(byte[] plain) {
    return deflate(plain, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
  }

  private static byte[] deflate(byte[] plain, Deflater d) {
    try {
      d.setInput(plain);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }
}
