package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file read with positional {@link FileChannel} reads. */
public final class FileByteSource implements ByteSource {
  private final String location;
  private final FileChannel channel;
  private final long size;

  private FileByteSource(String location, FileChannel channel, long size) {
    this.location = location;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Opens a file.
   *
   * @throws RasterReadException when it is missing or cannot be opened
   */
  public static FileByteSource open(Path file) {
    String loc = file.toString();
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        return new FileByteSource(loc, ch, ch.size());
      } catch (IOException e) {
        ch.close();
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new RasterReadException("file not found", loc, e);
    } catch (IOException e) {
      throw new RasterReadException("cannot read file: " + e.getMessage(), loc, e);
    }
  }

  @Override
  public void read(long pos, ByteBuffer dst) {
    long start = pos - dst.position();
    try {
      while (dst.hasRemaining()) {
        if (channel.read(dst, start + dst.position()) < 0) {
          throw new RasterReadException(
              "truncated file: ends at byte " + (start + dst.position()), location);
        }
      }
    } catch (IOException e) {
      throw new RasterReadException("cannot read file: " + e.getMessage(), location, e);
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only channel: nothing to flush
    }
  }
}
