package io.waterbodies.argo.reference;

/**
 * The one set of names of the reference deployment (the seed's and eoap's), used as the defaults of
 * {@link ReferencePipeline}, of the events module's {@code Pipeline}, of {@code waterbodies
 * manifests} and {@code waterbodies run --manifests}, so that every rendering of the pipeline names
 * its resources alike.
 */
public final class ReferenceNames {
  /** The Redis stream the STAC watcher writes and the EventSource reads. */
  public static final String STREAM = "STREAM";

  /** The EventSource's name. */
  public static final String EVENT_SOURCE = "redis-source";

  /** The event name of the stream in the EventSource and the Sensor's dependency. */
  public static final String EVENT = "example";

  /** The EventBus (and JetStream stream) name: Argo Events' default bus. */
  public static final String EVENT_BUS = "default";

  /** The Sensor's name. */
  public static final String SENSOR = "water-bodies-sensor";

  /** The Sensor's dependency name. */
  public static final String DEPENDENCY = "water-bodies";

  /** The Sensor's trigger name. */
  public static final String TRIGGER = "water-bodies-detection-trigger";

  /** The WorkflowTemplate run per event (also the prefix of the created Workflows' names). */
  public static final String DETECTION_TEMPLATE = "water-bodies-detection";

  /** The WorkflowTemplate holding the Calrissian step. */
  public static final String CWL_RUNNER = "argo-cwl-runner";

  /** The id of the CWL Workflow inside the application package. */
  public static final String CWL_WORKFLOW = "water-bodies";

  /** The file the CWL application package is written to beside the manifests. */
  public static final String CWL_FILE = "water-bodies-detection.cwl";

  /** The Redis stream of completion events of workflows that succeeded. */
  public static final String SUCCESS_STREAM = "WATERBODIES";

  /** The Redis stream of completion events of workflows that failed. */
  public static final String FAILURE_STREAM = "WATERBODIESFAILURE";

  /** The STAC collection result Items are created in. */
  public static final String RESULT_COLLECTION = "water-bodies";

  /** The reference area of interest, {@code minx,miny,maxx,maxy}. */
  public static final String AOI = "-121.399,39.834,-120.74,40.472";

  /** The CRS of {@link #AOI}. */
  public static final String EPSG = "EPSG:4326";

  /** The Sensor dependency's jq transform: the item URL becomes a one-element array. */
  public static final String JQ = ".values.href = [ .values.href ]";

  /** The service account (and Role, RoleBinding) of the Sensor. */
  public static final String SENSOR_ACCOUNT = "water-bodies-sensor";

  /** The service account (and Role, RoleBinding) of the workflows and the Calrissian Job. */
  public static final String WORKFLOW_ACCOUNT = "water-bodies-workflow";

  /** The Deployment running the STAC watcher. */
  public static final String WATCHER = "water-bodies-watcher";

  /** Redis as seen from inside the cluster (host). */
  public static final String REDIS_HOST = "redis-service";

  /** Redis as seen from inside the cluster (port). */
  public static final int REDIS_PORT = 6379;

  private ReferenceNames() {}
}
