package io.waterbodies.argo.runner;

import java.util.Map;

/**
 * Java code that stands in for a leaf template (container, script, resource) when a workflow runs
 * in-process; registered with {@link LocalRunner.Builder#handler(String, StepHandler)}.
 */
@FunctionalInterface
public interface StepHandler {
  /**
   * Runs one attempt of a template.
   *
   * @param context the template, its resolved input parameters and the attempt number
   * @return output parameters by name (the template's declared outputs are taken from here)
   * @throws Exception any failure; the attempt is retried per the template's retryStrategy
   */
  Map<String, String> run(StepContext context) throws Exception;
}
