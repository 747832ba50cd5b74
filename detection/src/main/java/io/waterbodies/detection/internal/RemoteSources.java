package io.waterbodies.detection.internal;

import io.waterbodies.detection.BandRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one detection, opened once each: for every distinct http(s) URL one {@link
 * HttpByteSource} (one header request), its parsed directories and one {@link BlockCache}, shared
 * by everything that reads the file (tag directory, Apache SIS metadata, pixel decoding of each of
 * its bands). Without it each of those opened the URL again and re-fetched the header, and two
 * bands of one pixel-interleaved file fetched every tile twice. Local files are read directly (the
 * OS page cache already shares them).
 *
 * <p>Thread-safe. Closing it closes the sources; readers opened on them must not be used after.
 */
public final class RemoteSources implements AutoCloseable {
  /**
   * Most bytes of fetched blocks kept per file for its other bands; blocks are dropped as soon as
   * every band reader took them, so this only bounds readers that wander apart.
   */
  static final long BLOCK_CACHE_BYTES = 64L << 20;

  private final Map<URI, Remote> open = new HashMap<>();
  private final List<Remote> order = new ArrayList<>();
  private boolean closed;

  /** One opened URL and what was read from it. */
  private static final class Remote {
    final HttpByteSource source;
    final BlockCache blocks = new BlockCache(BLOCK_CACHE_BYTES);
    final Map<Integer, TiffDirectory> directories = new HashMap<>();

    Remote(HttpByteSource source) {
      this.source = source;
    }
  }

  /** The opened source of a remote band; the first call for a URL fetches its header. */
  public HttpByteSource source(URI url) {
    return remote(url).source;
  }

  /** The block cache shared by the band readers of one remote file. */
  public BlockCache blocks(URI url) {
    return remote(url).blocks;
  }

  /**
   * The directory of a level (0 = full image) of a local or remote band; a remote directory is read
   * once per URL and level.
   */
  public TiffDirectory directory(BandRef ref, int level) {
    if (ref.url().isEmpty()) {
      return TiffDirectory.read(ref.file(), level);
    }
    Remote r = remote(ref.url().get());
    synchronized (r) {
      TiffDirectory d = r.directories.get(level);
      if (d == null) {
        d = TiffDirectory.read(r.source, level);
        r.directories.put(level, d);
      }
      return d;
    }
  }

  private synchronized Remote remote(URI url) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    Remote r = open.get(url);
    if (r == null) {
      // Opening under the lock: a second caller for the same URL waits for this header fetch
      // instead of issuing its own.
      r = new Remote(HttpByteSource.open(url));
      open.put(url, r);
      order.add(r);
    }
    return r;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Remote r : order) {
      r.blocks.clear();
      r.source.close();
    }
    open.clear();
    order.clear();
  }
}
