package io.waterbodies.events.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the reference system's exit handler reports when a workflow ends: one entry of the Redis
 * stream {@code WATERBODIES} (success) or {@code WATERBODIESFAILURE} (failure).
 *
 * @param subject the input item URL
 * @param workflowId the workflow's unique id
 * @param workflowName the workflow name
 * @param workflowStatus {@code Succeeded}, {@code Failed} or {@code Error}
 * @param href the result Item's URL in the STAC API when the workflow published one, else the input
 *     item URL
 * @param stacCatalog where the result catalog is (empty when the workflow failed)
 */
public record CompletionEvent(
    String subject,
    String workflowId,
    String workflowName,
    String workflowStatus,
    String href,
    String stacCatalog) {
  /** The status of a workflow that succeeded. */
  public static final String SUCCEEDED = "Succeeded";

  /** The status of a workflow whose step failed. */
  public static final String FAILED = "Failed";

  /** The status of a workflow that could not run or publish its results. */
  public static final String ERROR = "Error";

  /** Checks the fields. */
  public CompletionEvent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(workflowStatus, "workflowStatus");
    Objects.requireNonNull(href, "href");
    Objects.requireNonNull(stacCatalog, "stacCatalog");
  }

  /** True for {@link #SUCCEEDED}. */
  public boolean succeeded() {
    return SUCCEEDED.equals(workflowStatus);
  }

  /** The Redis stream entry's fields, in the reference system's names and order. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("subject", subject);
    m.put("workflow_id", workflowId);
    m.put("workflow_name", workflowName);
    m.put("workflow_status", workflowStatus);
    m.put("href", href);
    m.put("stac_catalog", stacCatalog);
    return m;
  }
}
