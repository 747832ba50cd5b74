package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Argo CronWorkflow: a Workflow spec ({@code spec.workflowSpec}) that Argo submits on cron
 * {@code spec.schedules}.
 */
public final class CronWorkflow extends ArgoResource {
  /** The kind. */
  public static final String KIND = "CronWorkflow";

  CronWorkflow(ObjectNode node) {
    super(node);
  }

  /** Wraps a CronWorkflow manifest; the kind must match. */
  public static CronWorkflow of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not a CronWorkflow: kind " + node.path("kind"));
    }
    return new CronWorkflow(node);
  }

  /** {@code spec.schedules}, the cron expressions (5 fields, or {@code @every}-style). */
  public List<String> schedules() {
    List<String> out = new ArrayList<>();
    node().path("spec").path("schedules").forEach(s -> out.add(s.asText()));
    return List.copyOf(out);
  }

  /** {@code spec.timezone}, an IANA time zone name. */
  public Optional<String> timezone() {
    return text("spec", "timezone");
  }

  /** {@code spec.concurrencyPolicy}: {@code Allow}, {@code Forbid} or {@code Replace}. */
  public Optional<String> concurrencyPolicy() {
    return text("spec", "concurrencyPolicy");
  }

  /** {@code spec.workflowSpec}, the spec of every Workflow this CronWorkflow submits. */
  public ObjectNode workflowSpec() {
    JsonNode s = node().path("spec").get("workflowSpec");
    return s instanceof ObjectNode o ? o.deepCopy() : Trees.object();
  }

  /** Typed reads of {@link #workflowSpec()}. */
  public WorkflowSpecs workflow() {
    return this::workflowSpec;
  }

  /** Starts a CronWorkflow. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link CronWorkflow}. */
  public static final class Builder extends ArgoResource.Builder<Builder, CronWorkflow> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** Adds a cron schedule, e.g. {@code "0 * * * *"}. */
    public Builder schedule(String cron) {
      Trees.arr(spec(), "schedules").add(Objects.requireNonNull(cron, "cron"));
      return this;
    }

    /** Sets the time zone the schedules are read in. */
    public Builder timezone(String zone) {
      spec().put("timezone", zone);
      return this;
    }

    /** Sets what happens when a run is still going at the next schedule. */
    public Builder concurrencyPolicy(String policy) {
      spec().put("concurrencyPolicy", policy);
      return this;
    }

    /** Sets the spec of the submitted Workflows, e.g. taken from a built {@link Workflow}. */
    public Builder workflowSpec(ObjectNode workflowSpec) {
      spec().set("workflowSpec", workflowSpec.deepCopy());
      return this;
    }

    @Override
    public CronWorkflow build() {
      requireName();
      if (!node.path("spec").path("schedules").isArray()) {
        throw new IllegalStateException("CronWorkflow needs at least one schedule");
      }
      return new CronWorkflow(node);
    }
  }
}
