package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.ResultPublisher;
import io.waterbodies.events.pipeline.StepTiming;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import io.waterbodies.events.pipeline.WorkflowRequest;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.WorkflowTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor's workflow trigger in an embedded pipeline: "creating" a Workflow queues it on a
 * bounded pool (the trigger returns at once, as Argo's k8s trigger returns once the resource
 * exists); each run calls the {@link WorkflowLauncher}, publishes the result Items (all or none)
 * and emits one completion event. A workflow name already submitted is not run again, which makes
 * redeliveries harmless.
 *
 * <p>The trigger returns only once the Workflow is in the {@link WorkflowJournal} (on disk in the
 * output directory), so an event the sensor acknowledges is never lost: workflows still queued or
 * running when the process dies, or when {@link #shutdown} gives up waiting, stay in the journal
 * and {@link #resume()} runs them when a pipeline starts again on the same output directory.
 */
public final class WorkflowExecutor implements WorkflowTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutor.class);

  private final WorkflowLauncher launcher;
  private final Threshold threshold;
  private final Path outDir;
  private final ResultPublisher publisher;
  private final CompletionSink sink;
  private final Progress progress;
  private final ExecutorService pool;
  private final Set<String> submitted = ConcurrentHashMap.newKeySet();
  private final WorkflowJournal journal;
  private volatile boolean abandoned;

  /** An executor running up to {@code parallelism} workflows at once. */
  public WorkflowExecutor(
      WorkflowLauncher launcher,
      Threshold threshold,
      Path outDir,
      ResultPublisher publisher,
      CompletionSink sink,
      Progress progress,
      int parallelism) {
    this.launcher = launcher;
    this.threshold = threshold;
    this.outDir = outDir;
    this.publisher = publisher;
    this.sink = sink;
    this.progress = progress;
    this.journal = new WorkflowJournal(outDir);
    this.pool = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("workflow"));
  }

  @Override
  public void submit(ObjectNode workflow, String name) {
    if (!submitted.add(name)) {
      LOG.debug("workflow {} exists already; not started again", name);
      return;
    }
    try {
      journal.record(name, workflow);
    } catch (IOException e) {
      submitted.remove(name);
      throw new TriggerException(
          "cannot record workflow " + name + " in " + outDir + ": " + e.getMessage(), e);
    }
    enqueue(workflow, name);
  }

  /**
   * Runs the workflows an earlier run on the same output directory accepted but did not finish.
   *
   * @return how many were resumed
   */
  public int resume() {
    List<WorkflowJournal.Pending> pending = journal.pending();
    if (!pending.isEmpty()) {
      LOG.info(
          "resuming {} workflow(s) accepted but not finished by an earlier run in {}",
          pending.size(),
          outDir);
    }
    int n = 0;
    for (WorkflowJournal.Pending p : pending) {
      if (submitted.add(p.name())) {
        enqueue(p.workflow(), p.name());
        n++;
      }
    }
    return n;
  }

  private void enqueue(ObjectNode workflow, String name) {
    progress.started.incrementAndGet();
    try {
      pool.execute(() -> run(workflow, name));
    } catch (RejectedExecutionException e) {
      submitted.remove(name);
      progress.started.decrementAndGet();
      throw new TriggerException("the pipeline is stopping; workflow " + name + " not started", e);
    }
  }

  private void run(ObjectNode workflow, String name) {
    progress.running.incrementAndGet();
    String uid = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    Map<String, String> params = parameters(workflow);
    List<String> items = items(params.getOrDefault("items", ""));
    String subject = items.isEmpty() ? "" : items.get(0);
    String href = subject;
    String status;
    String catalog = "";
    String message = "";
    try {
      if (items.isEmpty()) {
        throw new IllegalArgumentException(
            "parameter 'items' of workflow " + name + " holds no item URL");
      }
      Path work = Files.createDirectories(outDir.resolve(name));
      WorkflowRequest req =
          new WorkflowRequest(
              name,
              uid,
              workflow.deepCopy(),
              params,
              items,
              params.getOrDefault("aoi", ""),
              params.getOrDefault("epsg", ""),
              threshold,
              work);
      WorkflowResult result = call(req);
      result.steps().forEach(s -> progress.step(s.step(), s.duration(), s.succeeded()));
      if (result.succeeded()) {
        long p0 = System.nanoTime();
        try {
          publisher.publish(result.items());
          if (!result.items().isEmpty()) {
            // As the cluster's exit step reports it: the result Item's URL in the STAC API.
            href = publisher.itemUrl(result.items().get(0).id()).toString();
          }
          progress.step("publish", Duration.ofNanos(System.nanoTime() - p0), true);
          progress.resultItems.addAndGet(result.items().size());
          status = CompletionEvent.SUCCEEDED;
          catalog = result.catalog().orElse("");
        } catch (RuntimeException e) {
          progress.step("publish", Duration.ofNanos(System.nanoTime() - p0), false);
          status = CompletionEvent.ERROR;
          message = "publishing the result items failed: " + Connections.reason(e);
        }
      } else {
        status = CompletionEvent.FAILED;
        message = result.message().orElse("the workflow failed");
      }
    } catch (IOException | RuntimeException e) {
      status = CompletionEvent.ERROR;
      message = Connections.reason(e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    boolean ok = CompletionEvent.SUCCEEDED.equals(status);
    progress.step("workflow", took, ok);
    // Counted before the completion event goes out: whoever waits for that event reads a summary
    // that already holds this workflow.
    progress.running.decrementAndGet();
    if (ok) {
      progress.succeeded.incrementAndGet();
      LOG.info("workflow {} succeeded in {} ms ({})", name, took.toMillis(), href);
    } else {
      progress.failed.incrementAndGet();
      LOG.warn("workflow {} {} after {} ms ({}): {}", name, status, took.toMillis(), href, message);
    }
    CompletionEvent event = new CompletionEvent(subject, uid, name, status, href, catalog);
    try {
      sink.emit(event);
      progress.completions.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.warn("workflow {}: cannot emit its completion event: {}", name, Connections.reason(e));
    }
    if (!abandoned) {
      journal.complete(name);
    }
  }

  private WorkflowResult call(WorkflowRequest req) {
    long t0 = System.nanoTime();
    try {
      return launcher.launch(req);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure("interrupted", t0);
    } catch (Exception e) {
      return failure(Connections.reason(e), t0);
    }
  }

  private static WorkflowResult failure(String message, long t0) {
    return WorkflowResult.failed(
        message,
        List.of(new StepTiming("launch", Duration.ofNanos(System.nanoTime() - t0), false)));
  }

  /** The {@code spec.arguments.parameters} of a Workflow, name to value. */
  static Map<String, String> parameters(ObjectNode workflow) {
    Map<String, String> m = new LinkedHashMap<>();
    for (JsonNode p : workflow.path("spec").path("arguments").path("parameters")) {
      if (p.hasNonNull("name")) {
        m.put(p.get("name").asText(), p.path("value").asText(""));
      }
    }
    return m;
  }

  /** The item URLs of an {@code items} parameter: a JSON array of strings, or one URL. */
  static List<String> items(String value) {
    String v = value.trim();
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.startsWith("[")) {
      return List.of(v);
    }
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode n : Json.parse(v, "parameter items")) {
        if (n.isTextual() && !n.asText().isBlank()) {
          out.add(n.asText());
        }
      }
    } catch (JsonException e) {
      return List.of();
    }
    return out;
  }

  /**
   * Stops accepting workflows and waits up to {@code timeout} for the queued and running ones.
   *
   * @return true when all finished
   */
  public boolean shutdown(Duration timeout) {
    pool.shutdown();
    boolean done;
    try {
      done = pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done) {
      // What finishes from now on belongs to a stopped pipeline: keep its journal entry so the
      // next start runs it again rather than trusting an outcome nobody will publish.
      abandoned = true;
      LOG.warn(
          "stopped waiting for running workflows; those unfinished stay journalled in {} and run"
              + " again when a pipeline starts on that output directory",
          outDir);
    }
    return done;
  }
}
