package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, so that Apache SIS can open a
 * remote GeoTIFF (metadata, CRS) through the same range requests and cache as our own readers. Not
 * thread-safe (it has a position); the source it wraps is not closed with it.
 */
final class ByteSourceChannel implements SeekableByteChannel {
  private final ByteSource source;
  private long position;
  private boolean open = true;

  ByteSourceChannel(ByteSource source) {
    this.source = source;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    long left = source.size() - position;
    if (left <= 0) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), left);
    if (source.prefersFewReads()) {
      // A short read, up to the end of the source's cache block: SIS fills a 32 KiB buffer and
      // asks again only for what it needs, so the header stays within the already fetched block
      // instead of a second request for bytes it never looks at.
      n = (int) Math.min(n, HttpByteSource.BLOCK - position % HttpByteSource.BLOCK);
    }
    ByteBuffer slice = dst.slice();
    slice.limit(n);
    try {
      source.read(position, slice);
    } catch (RasterReadException e) {
      throw new IOException(e.getMessage(), e);
    }
    dst.position(dst.position() + n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return source.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
