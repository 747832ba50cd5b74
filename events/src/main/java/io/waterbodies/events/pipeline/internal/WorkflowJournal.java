package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded pipeline's record of accepted but unfinished workflows, playing the part etcd plays
 * for Argo: the sensor acknowledges an event once its trigger returns, so the Workflow must be on
 * disk before that, or a crash between acknowledgement and completion would lose it. Each entry is
 * the Workflow resource in {@value #FILE} inside the workflow's own output directory; it is removed
 * when the workflow has finished (result published or failure recorded). A pipeline started again
 * on the same output directory runs what is left.
 *
 * <p>Durable before the acknowledgement: the entry is written to a temporary file, forced to disk,
 * renamed atomically over the entry, and the directory is forced too (the rename lives in it), so
 * neither a process crash nor a power loss can leave an acknowledged event without its entry.
 */
final class WorkflowJournal {
  /** The entry's file name inside {@code outDir/<workflow name>/}. */
  static final String FILE = ".workflow.json";

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowJournal.class);

  private final Path outDir;
  private final Sync sync;

  /** How a write is made durable; tests observe the order of the steps. */
  interface Sync {
    /** Forces a written file's content to disk. */
    void file(FileChannel channel, Path file) throws IOException;

    /** Forces a directory's entries (a rename or a new file in it) to disk. */
    void directory(Path dir) throws IOException;
  }

  /** fsync by {@link FileChannel#force}; directories through a read channel, where supported. */
  static final Sync FSYNC =
      new Sync() {
        @Override
        public void file(FileChannel channel, Path file) throws IOException {
          channel.force(true);
        }

        @Override
        public void directory(Path dir) throws IOException {
          try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
          } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory: the rename is as durable as the
            // file system makes it there.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
              throw e;
            }
          }
        }
      };

  WorkflowJournal(Path outDir) {
    this(outDir, FSYNC);
  }

  WorkflowJournal(Path outDir, Sync sync) {
    this.outDir = outDir;
    this.sync = sync;
  }

  /** A workflow left unfinished by an earlier run. */
  record Pending(String name, ObjectNode workflow) {}

  /**
   * Writes the entry atomically and durably (a crash or power loss leaves the old state or the new
   * one, never half, and the new one once this returns).
   */
  void record(String name, ObjectNode workflow) throws IOException {
    Path workflowDir = outDir.resolve(name);
    boolean created = !Files.isDirectory(workflowDir);
    Path dir = Files.createDirectories(workflowDir);
    Path tmp = dir.resolve(FILE + ".tmp");
    ByteBuffer bytes =
        ByteBuffer.wrap(Json.write(workflow, false).getBytes(StandardCharsets.UTF_8));
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      sync.file(ch, tmp);
    }
    try {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    }
    sync.directory(dir);
    if (created) {
      sync.directory(outDir); // the new workflow directory's own entry
    }
  }

  /** Removes the entry of a finished workflow; a failure is logged, the workflow then reruns. */
  void complete(String name) {
    try {
      Files.deleteIfExists(outDir.resolve(name).resolve(FILE));
    } catch (IOException e) {
      LOG.warn(
          "workflow {}: cannot remove its journal entry ({}); it runs again on restart",
          name,
          e.getMessage());
    }
  }

  /**
   * The unfinished workflows, each with its output directory emptied of the earlier attempt's
   * partial files so the rerun starts clean. Unreadable entries are logged and skipped.
   */
  List<Pending> pending() {
    List<Pending> out = new ArrayList<>();
    if (!Files.isDirectory(outDir)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(outDir, Files::isDirectory)) {
      for (Path dir : dirs) {
        Path entry = dir.resolve(FILE);
        if (!Files.isRegularFile(entry)) {
          continue;
        }
        try {
          JsonNode wf =
              Json.parse(Files.readString(entry, StandardCharsets.UTF_8), entry.toString());
          if (!(wf instanceof ObjectNode obj)) {
            throw new IOException("not a JSON object");
          }
          clearExceptEntry(dir);
          out.add(new Pending(dir.getFileName().toString(), obj));
        } catch (IOException | JsonException e) {
          LOG.warn("skipping unreadable workflow journal entry {}: {}", entry, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the workflow journal in {}: {}", outDir, e.getMessage());
    }
    return out;
  }

  private static void clearExceptEntry(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path p : all) {
        if (!p.equals(dir) && !p.equals(dir.resolve(FILE))) {
          Files.delete(p);
        }
      }
    }
  }
}
