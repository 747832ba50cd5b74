package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.runner.NodePhase;
import io.waterbodies.argo.runner.NodeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state of one run that every node reads or adds to: the workflow's name, uid, parameters,
 * global outputs and status, and the node results; resolves {@code {{...}}} references.
 */
public final class RunState {
  private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

  private final String name;
  private final String uid = UUID.randomUUID().toString();
  private final Map<String, String> params;
  private final List<NodeResult> nodes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> globals = new ConcurrentHashMap<>();
  private volatile String status = "Running";

  /** A run of the workflow {@code name} with these workflow parameters. */
  public RunState(String name, Map<String, String> params) {
    this.name = name;
    this.params = params;
  }

  /** The workflow's name. */
  public String name() {
    return name;
  }

  /** The nodes recorded so far. */
  public List<NodeResult> nodes() {
    return nodes;
  }

  /** The global output parameters ({@code globalName}). */
  public Map<String, String> globals() {
    return globals;
  }

  /** Sets {@code {{workflow.status}}} (for the exit handler). */
  public void status(String v) {
    this.status = v;
  }

  /** Records a node and returns its outcome. */
  public Outcome record(String node, String template, Instant start, int attempts, Outcome o) {
    nodes.add(
        new NodeResult(
            node, template, o.phase(), start, Instant.now(), attempts, o.outputs(), o.message()));
    return o;
  }

  /** Records a node that did not run. */
  public void notRun(String node, String template, NodePhase phase, Instant start, String why) {
    nodes.add(
        new NodeResult(node, template, phase, start, Instant.now(), 0, Map.of(), Optional.of(why)));
  }

  /** Publishes an output parameter under its {@code globalName}, if it has one. */
  public void global(Parameter p, String v) {
    String g = p.toJson().path("globalName").asText("");
    if (!g.isEmpty()) {
      globals.put(g, v);
    }
  }

  /**
   * Replaces every {@code {{...}}} in {@code text}.
   *
   * @throws ArgoException when a reference cannot be resolved
   */
  public String substitute(String text, Map<String, String> inputs, Siblings siblings) {
    Matcher m = TAG.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(resolve(m.group(1), inputs, siblings)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private String resolve(String ref, Map<String, String> inputs, Siblings siblings) {
    String[] p = ref.split("\\.");
    String kind = siblings.kind();
    String v = null;
    if (p.length == 3 && p[0].equals("inputs") && p[1].equals("parameters")) {
      v = inputs.get(p[2]);
    } else if (p.length == 3 && p[0].equals("workflow") && p[1].equals("parameters")) {
      v = params.get(p[2]);
    } else if (p.length == 4 && ref.startsWith("workflow.outputs.parameters.")) {
      v = globals.get(p[3]);
    } else if (ref.equals("workflow.name")) {
      v = name;
    } else if (ref.equals("workflow.uid")) {
      v = uid;
    } else if (ref.equals("workflow.status")) {
      v = status;
    } else if (p.length == 5
        && p[0].equals(kind)
        && p[2].equals("outputs")
        && p[3].equals("parameters")) {
      v = siblings.output(p[1], p[4]);
    } else if (p.length == 3 && p[0].equals(kind) && p[2].equals("status")) {
      v = siblings.status(p[1]);
    }
    if (v == null) {
      throw new ArgoException("cannot resolve '{{" + ref + "}}'");
    }
    return v;
  }
}
