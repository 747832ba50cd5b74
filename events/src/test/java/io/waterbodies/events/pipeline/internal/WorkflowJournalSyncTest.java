package io.waterbodies.events.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 12: a journal entry is durable before the event is acknowledged: temp file written
 * completely and forced, atomically renamed, then the directory forced (and its parent when the
 * workflow directory is new).
 */
class WorkflowJournalSyncTest {
  @TempDir Path out;

  @Test
  void forcesTheTempFileThenRenamesThenForcesTheDirectories() throws Exception {
    List<String> steps = new ArrayList<>();
    ObjectNode wf = Json.object();
    wf.put("kind", "Workflow");
    wf.putObject("metadata").put("name", "wf-1");
    String expected = Json.write(wf, false);
    WorkflowJournal.Sync recording =
        new WorkflowJournal.Sync() {
          @Override
          public void file(FileChannel channel, Path file) throws IOException {
            // Forced while still under its temporary name, with its whole content written.
            assertThat(file.getFileName().toString()).isEqualTo(WorkflowJournal.FILE + ".tmp");
            assertThat(channel.size()).isEqualTo(expected.getBytes().length);
            steps.add("force " + out.relativize(file));
            WorkflowJournal.FSYNC.file(channel, file);
          }

          @Override
          public void directory(Path dir) throws IOException {
            steps.add("force dir " + out.relativize(dir));
            WorkflowJournal.FSYNC.directory(dir);
          }
        };
    WorkflowJournal journal = new WorkflowJournal(out, recording);

    journal.record("wf-1", wf);
    assertThat(steps)
        .containsExactly("force wf-1/.workflow.json.tmp", "force dir wf-1", "force dir ");
    Path entry = out.resolve("wf-1").resolve(WorkflowJournal.FILE);
    assertThat(Files.readString(entry)).isEqualTo(expected);
    assertThat(entry.resolveSibling(WorkflowJournal.FILE + ".tmp")).doesNotExist();

    steps.clear();
    journal.record("wf-1", wf); // the directory exists now: only its own entry changes
    assertThat(steps).containsExactly("force wf-1/.workflow.json.tmp", "force dir wf-1");
    assertThat(journal.pending()).extracting(WorkflowJournal.Pending::name).containsExactly("wf-1");
  }
}
