package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.k8s.internal.ApiServer;
import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for one Workflow to complete: watch, resume a dropped watch, fall back to polling. */
final class WorkflowWatch {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowWatch.class);

  private final ApiServer server;
  private final String collection;
  private final String namespace;
  private final String name;
  private final Duration pollInterval;
  private final Supplier<WorkflowStatus> status;

  WorkflowWatch(
      ApiServer server,
      String collection,
      String namespace,
      String name,
      Duration pollInterval,
      Supplier<WorkflowStatus> status) {
    this.server = server;
    this.collection = collection;
    this.namespace = namespace;
    this.name = name;
    this.pollInterval = pollInterval;
    this.status = status;
  }

  /**
   * Waits until a Workflow completes. Watches with {@code fieldSelector=metadata.name=...}; when
   * the watch drops it is resumed from the last resourceVersion seen; when watching fails it polls.
   *
   * @throws WorkflowTimeoutException when {@code timeout} passes first
   */
  WorkflowStatus await(Duration timeout) {
    String workflowName = name;
    Instant deadline = Instant.now().plus(timeout);
    AtomicReference<WorkflowStatus> last = new AtomicReference<>(status.get());
    int failures = 0;
    while (!last.get().completed()) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new WorkflowTimeoutException(
            "Workflow "
                + namespace
                + "/"
                + workflowName
                + " did not complete within "
                + timeout
                + " (phase "
                + last.get().phase().orElse("unknown")
                + ")",
            workflowName);
      }
      if (failures < 3) {
        String before = last.get().resourceVersion();
        try {
          watchOnce(workflowName, last, left);
          continue;
        } catch (IOException | RuntimeException e) {
          if (e instanceof NotFoundException nf) {
            throw nf;
          }
          // A drop after progress is normal (servers end watches); only repeated drops without
          // progress count as failures, after which we poll.
          failures = before.equals(last.get().resourceVersion()) ? failures + 1 : 0;
          LOG.debug(
              "watch of {} dropped ({}); resuming from resourceVersion {}",
              workflowName,
              server.scrub(String.valueOf(e.getMessage())),
              last.get().resourceVersion());
          continue;
        }
      }
      sleep(min(pollInterval, left));
      last.set(status.get());
    }
    return last.get();
  }

  private void watchOnce(String name, AtomicReference<WorkflowStatus> last, Duration left)
      throws IOException {
    WorkflowStatus from = last.get();
    List<String[]> query = new ArrayList<>();
    query.add(new String[] {"fieldSelector", "metadata.name=" + name});
    if (!from.resourceVersion().isEmpty()) {
      query.add(new String[] {"resourceVersion", from.resourceVersion()});
    }
    query.add(new String[] {"watch", "true"});
    int code =
        server.watch(
            collection,
            query,
            left,
            line -> {
              JsonNode event = Json.parse(line, "watch " + name);
              String type = event.path("type").asText();
              if (type.equals("ERROR")) {
                throw new IOException(
                    "watch error: " + event.path("object").path("message").asText());
              }
              if (type.equals("DELETED")) {
                throw new NotFoundException(
                    "Workflow " + namespace + "/" + name + " was deleted while waiting",
                    name,
                    null);
              }
              last.set(WorkflowStatus.of(event.path("object")));
              return last.get().completed();
            });
    if (code / 100 != 2) {
      throw new IOException("watch returned HTTP " + code);
    }
    if (!last.get().completed()) {
      throw new IOException("watch ended at resourceVersion " + last.get().resourceVersion());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArgoException("interrupted while waiting for a workflow", e);
    }
  }
}
