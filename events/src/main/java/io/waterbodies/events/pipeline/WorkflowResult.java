package io.waterbodies.events.pipeline;

import io.waterbodies.stac.model.Item;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one workflow run.
 *
 * @param succeeded whether the workflow succeeded; only then are {@link #items} published
 * @param items the result Items to POST to the STAC API (empty when failed)
 * @param catalog where the self-contained result catalog is (the {@code stac_catalog} field of the
 *     completion event), when there is one
 * @param message why the workflow failed (empty when it succeeded)
 * @param steps the timing of each step that ran
 */
public record WorkflowResult(
    boolean succeeded,
    List<Item> items,
    Optional<String> catalog,
    Optional<String> message,
    List<StepTiming> steps) {
  /** Copies the lists. */
  public WorkflowResult {
    items = List.copyOf(items);
    steps = List.copyOf(steps);
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(message, "message");
  }

  /** A success with its result Items and the location of the result catalog. */
  public static WorkflowResult succeeded(List<Item> items, String catalog, List<StepTiming> steps) {
    return new WorkflowResult(true, items, Optional.of(catalog), Optional.empty(), steps);
  }

  /** A failure: nothing is published, a failure completion event is emitted. */
  public static WorkflowResult failed(String message, List<StepTiming> steps) {
    return new WorkflowResult(false, List.of(), Optional.empty(), Optional.of(message), steps);
  }
}
