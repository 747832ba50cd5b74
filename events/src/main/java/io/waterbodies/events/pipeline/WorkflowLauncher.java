package io.waterbodies.events.pipeline;

/**
 * The pipeline's workflow runtime: runs one workflow, created by the sensor's trigger, to
 * completion and returns its result Items. The pipeline then POSTs those Items to the STAC API and
 * emits the completion event; a launcher never publishes anything itself.
 *
 * <p>This is the seam where a workflow engine plugs in (for example the {@code argo} module's local
 * runner executing the {@code water-bodies-detection} template with the detection kernel as its
 * step). Calls may come from several threads at once (up to {@link
 * Pipeline.Builder#parallelism(int)}).
 *
 * <pre>{@code
 * WorkflowLauncher launcher = request -> {
 *   Item result = detect(request.items().get(0), request.aoi(), request.epsg(), request.workDir());
 *   return WorkflowResult.succeeded(List.of(result), request.workDir().resolve("catalog.json").toString(),
 *       List.of());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface WorkflowLauncher {
  /**
   * Runs the workflow.
   *
   * @return the outcome; {@link WorkflowResult#failed} when a step failed
   * @throws Exception an unexpected failure; the pipeline treats it as a failed workflow
   */
  WorkflowResult launch(WorkflowRequest request) throws Exception;
}
