package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 */
final class WorkflowJournal {
  /** The entry's file name inside {@code outDir/<workflow name>/}. */
  static final String FILE = ".workflow.json";

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowJournal.class);

  private final Path outDir;

  WorkflowJournal(Path outDir) {
    this.outDir = outDir;
  }

  /** A workflow left unfinished by an earlier run. */
  record Pending(String name, ObjectNode workflow) {}

  /** Writes the entry atomically (a crash leaves the old state or the new one, never half). */
  void record(String name, ObjectNode workflow) throws IOException {
    Path dir = Files.createDirectories(outDir.resolve(name));
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, Json.write(workflow, false), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
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
