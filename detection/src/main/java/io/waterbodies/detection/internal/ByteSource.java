package io.waterbodies.detection.internal;

import java.nio.ByteBuffer;

/**
 * Random access to the bytes of a raster file, local or remote: the one place that knows where the
 * bytes come from, so that the TIFF directory reader and the block decoder work the same on files
 * and on http(s) URLs (COG range reads). Implementations are thread-safe.
 */
public interface ByteSource extends AutoCloseable {
  /**
   * Fills {@code dst} from its position to its limit with the bytes starting at {@code pos}.
   *
   * @throws io.waterbodies.detection.RasterReadException when the bytes cannot be read or the
   *     source ends before {@code dst} is full
   */
  void read(long pos, ByteBuffer dst);

  /**
   * As {@link #read}, for bulk data read once (pixel blocks): a source with a cache for small
   * header reads fetches these bytes exactly, without rounding them to its cache blocks.
   */
  default void readDirect(long pos, ByteBuffer dst) {
    read(pos, dst);
  }

  /**
   * True when each read has a high fixed cost (a network round trip), so that readers should fetch
   * neighbouring blocks in one read.
   */
  default boolean prefersFewReads() {
    return false;
  }

  /** Size of the file in bytes. */
  long size();

  /** Where the bytes come from, safe for messages and logs (no credentials or URL query). */
  String location();

  @Override
  void close();
}
