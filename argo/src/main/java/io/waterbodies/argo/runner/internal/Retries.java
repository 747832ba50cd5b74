package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.RetryStrategy;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.runner.LocalRunner;
import io.waterbodies.argo.runner.NodePhase;
import io.waterbodies.argo.runner.StepContext;
import io.waterbodies.argo.runner.StepHandler;
import io.waterbodies.core.time.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a leaf template's handler under its {@code retryStrategy} (limit, backoff duration, factor
 * and cap) and checks that it produced every output parameter.
 */
public final class Retries {
  private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

  private final LocalRunner.Sleeper sleeper;

  /** Waits with {@code sleeper} between attempts. */
  public Retries(LocalRunner.Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /**
   * What a leaf did.
   *
   * @param outcome how it ended
   * @param attempts how many attempts it took
   */
  public record Leaf(Outcome outcome, int attempts) {}

  /** Runs {@code h} for the node until it succeeds or the strategy gives up. */
  public Leaf run(
      StepHandler h,
      Template t,
      String templateName,
      Map<String, String> inputs,
      String node,
      RunState run) {
    RetryStrategy retry = t.retryStrategy().orElse(RetryStrategy.limit(0));
    Duration backoff = retry.backoffDuration().map(Retries::duration).orElse(Duration.ZERO);
    Optional<Duration> cap = retry.backoffMaxDuration().map(Retries::duration);
    String last = "";
    for (int attempt = 1; attempt <= retry.limit() + 1; attempt++) {
      try {
        Map<String, String> produced = h.run(new StepContext(node, t, inputs, attempt, run.name()));
        return new Leaf(outputs(t, templateName, produced, run), attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Leaf(Outcome.failed(NodePhase.ERROR, "interrupted"), attempt);
      } catch (Exception e) {
        last = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.debug("node {} attempt {} failed: {}", node, attempt, last);
        if (attempt > retry.limit()) {
          return new Leaf(Outcome.failed(NodePhase.FAILED, last), attempt);
        }
        Duration wait =
            backoff.multipliedBy((long) Math.pow(retry.backoffFactor().orElse(1), attempt - 1));
        if (cap.isPresent() && wait.compareTo(cap.get()) > 0) {
          wait = cap.get();
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return new Leaf(Outcome.failed(NodePhase.ERROR, "interrupted"), attempt);
        }
      }
    }
    return new Leaf(Outcome.failed(NodePhase.FAILED, last), retry.limit() + 1);
  }

  /** The template's output parameters from what the handler produced, or their defaults. */
  private static Outcome outputs(
      Template t, String templateName, Map<String, String> produced, RunState run) {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Parameter p : t.outputParameters()) {
      String v = produced.get(p.name());
      if (v == null) {
        v = p.toJson().path("valueFrom").path("default").asText(null);
      }
      if (v == null) {
        return Outcome.failed(
            NodePhase.ERROR,
            "handler of '" + templateName + "' produced no output parameter '" + p.name() + "'");
      }
      outputs.put(p.name(), v);
      run.global(p, v);
    }
    return Outcome.succeeded(outputs);
  }

  /** Parses Argo durations ({@link Durations}: {@code 500ms}, {@code 1h30m}, or seconds). */
  static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ArgoException("unsupported duration: " + e.getMessage(), e);
    }
  }
}
