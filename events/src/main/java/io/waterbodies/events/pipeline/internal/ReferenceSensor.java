package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.TriggerFactory;

/**
 * The Argo Events {@code Sensor} of a pipeline: one dependency (with the jq transform) and one
 * {@code k8s} trigger creating a Workflow from the detection WorkflowTemplate with the {@code
 * items}, {@code aoi} and {@code epsg} parameters, as the reference deployment's sensor does.
 *
 * @param sensorName the sensor name
 * @param dependencyName the dependency name
 * @param eventSourceName the event source name
 * @param eventName the event name
 * @param jq the jq transform (blank: none)
 * @param triggerName the trigger name
 * @param generateName the workflow name prefix
 * @param workflowTemplate the WorkflowTemplate referenced
 * @param aoi the area of interest
 * @param epsg its CRS
 */
public record ReferenceSensor(
    String sensorName,
    String dependencyName,
    String eventSourceName,
    String eventName,
    String jq,
    String triggerName,
    String generateName,
    String workflowTemplate,
    String aoi,
    String epsg) {

  /** The sensor of a pipeline definition. */
  public static ReferenceSensor of(PipelineDefinition d) {
    return new ReferenceSensor(
        d.sensorName(),
        d.dependencyName(),
        d.eventSourceName(),
        d.eventName(),
        d.jq(),
        d.triggerName(),
        d.generateName(),
        d.workflowTemplate(),
        d.aoi(),
        d.epsg());
  }

  /** The manifest. */
  public ObjectNode manifest() {
    ObjectNode m = Json.object();
    m.put("apiVersion", "argoproj.io/v1alpha1");
    m.put("kind", "Sensor");
    m.putObject("metadata").put("name", sensorName);
    ObjectNode spec = m.putObject("spec");
    ObjectNode dep = spec.putArray("dependencies").addObject();
    dep.put("name", dependencyName);
    dep.put("eventSourceName", eventSourceName);
    dep.put("eventName", eventName);
    if (!jq.isBlank()) {
      dep.putObject("transform").put("jq", jq);
    }
    ObjectNode template = spec.putArray("triggers").addObject().putObject("template");
    template.put("name", triggerName);
    ObjectNode k8s = template.putObject("k8s");
    k8s.put("operation", "create");
    ObjectNode wf = k8s.putObject("source").putObject("resource");
    wf.put("apiVersion", "argoproj.io/v1alpha1");
    wf.put("kind", "Workflow");
    wf.putObject("metadata").put("generateName", generateName);
    ObjectNode wspec = wf.putObject("spec");
    wspec.putObject("workflowTemplateRef").put("name", workflowTemplate);
    ArrayNode params = wspec.putObject("arguments").putArray("parameters");
    params.addObject().put("name", "items");
    params.addObject().put("name", "aoi").put("value", aoi);
    params.addObject().put("name", "epsg").put("value", epsg);
    ObjectNode p = k8s.putArray("parameters").addObject();
    p.putObject("src").put("dependencyName", dependencyName).put("dataKey", "values.href");
    p.put("dest", "spec.arguments.parameters.0.value");
    return m;
  }

  /**
   * Reads the manifest as the sensor engine does and compiles it (jq, paths, parameters), so a bad
   * setting fails here and not at the first event. Connects to nothing.
   *
   * @throws io.waterbodies.events.sensor.SensorSpecException when something does not compile
   */
  public SensorSpec compile(ObjectNode manifest) {
    SensorSpec spec = SensorSpec.parse(Json.write(manifest, true), "pipeline sensor " + sensorName);
    Sensor.builder().spec(spec).triggerFactory(TriggerFactory.allLog()).build();
    return spec;
  }
}
