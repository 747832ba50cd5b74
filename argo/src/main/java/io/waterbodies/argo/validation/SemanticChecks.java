package io.waterbodies.argo.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.WorkflowSpecs;
import io.waterbodies.argo.validation.ManifestFinding.Severity;
import io.waterbodies.argo.validation.ManifestFinding.Source;
import io.waterbodies.core.json.JsonPointers;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a JSON schema cannot express; one instance per resource. Variable references follow
 * Argo's own linter ({@code workflow/validate/validate.go}) and its variable reference ({@code
 * docs/variables.md}): only tags with a root Argo resolves ({@code inputs.}, {@code steps.}, {@code
 * tasks.}, {@code workflow.}, ...) are checked; expression tags ({@code {{=...}}}) and other roots
 * ({@code retries}, {@code lastRetry.*}, {@code node.name}, ...) are left to Argo.
 */
final class SemanticChecks {
  private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([^}=][^}]*?)\\s*}}");

  /**
   * The roots of the simple tags Argo's linter resolves
   * (common.GlobalVarValidWorkflowVariablePrefix).
   */
  private static final List<String> CHECKED_ROOTS =
      List.of("item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks.");

  /** {@code workflow.<x>} variables (docs/variables.md, Global and Exit Handler). */
  private static final Set<String> WORKFLOW_VARIABLES =
      Set.of(
          "name",
          "namespace",
          "mainEntrypoint",
          "serviceAccountName",
          "uid",
          "parameters",
          "outputs",
          "annotations",
          "labels",
          "creationTimestamp",
          "priority",
          "duration",
          "scheduledTime",
          "status",
          "failures");

  /** What {@code steps.<name>.<x>} and {@code tasks.<name>.<x>} may read. */
  private static final Set<String> NODE_VARIABLES =
      Set.of(
          "id", "ip", "status", "exitCode", "startedAt", "finishedAt", "hostNodeName", "outputs");

  private static final Set<String> TEMPLATE_TYPES =
      Set.of(
          "container",
          "containerSet",
          "script",
          "resource",
          "data",
          "http",
          "plugin",
          "suspend",
          "steps",
          "dag");

  private static final Set<String> RESOURCE_ACTIONS =
      Set.of("get", "create", "apply", "delete", "replace", "patch");

  /** A task name inside a {@code depends} expression ({@code A && (B.Failed || !C)}). */
  private static final Pattern DEPENDS_TASK = Pattern.compile("[A-Za-z0-9_][-A-Za-z0-9_]*");

  private final String id;
  private final Map<String, List<WorkflowSpecs>> templatesInSet;
  private final Map<String, List<WorkflowSpecs>> clusterTemplatesInSet;
  private final Map<String, List<EventSource>> sourcesInSet;
  private final List<ManifestFinding> out;
  private final String prefix;

  /**
   * Checks of one resource.
   *
   * @param templatesInSet WorkflowTemplates validated together, by name
   * @param clusterTemplatesInSet ClusterWorkflowTemplates validated together, by name
   * @param prefix pointer of the resource inside its file's resource (a sensor's trigger)
   */
  SemanticChecks(
      String id,
      Map<String, List<WorkflowSpecs>> templatesInSet,
      Map<String, List<WorkflowSpecs>> clusterTemplatesInSet,
      Map<String, List<EventSource>> sourcesInSet,
      List<ManifestFinding> out,
      String prefix) {
    this.id = id;
    this.templatesInSet = templatesInSet;
    this.clusterTemplatesInSet = clusterTemplatesInSet;
    this.sourcesInSet = sourcesInSet;
    this.out = out;
    this.prefix = prefix;
  }

  void check(ArgoResource r) {
    JsonNode json = r.toJson();
    switch (r.kind()) {
      case "Workflow" -> workflow(json.path("spec"), "/spec", false);
      case "WorkflowTemplate", "ClusterWorkflowTemplate" ->
          workflow(json.path("spec"), "/spec", true);
      case "CronWorkflow" -> cron(json);
      case "WorkflowEventBinding" -> binding(json.path("spec"));
      case "Sensor" -> sensor(json.path("spec"));
      case "EventSource" -> eventSource(json.path("spec"));
      default -> {
        // EventBus: the schema and the strict check cover it.
      }
    }
  }

  private void add(String pointer, String message) {
    out.add(new ManifestFinding(id, prefix + pointer, message, Source.SEMANTIC));
  }

  private void warn(String pointer, String message) {
    out.add(new ManifestFinding(id, prefix + pointer, message, Source.SEMANTIC, Severity.WARNING));
  }

  // ---- cron workflows and event bindings

  private void cron(JsonNode json) {
    JsonNode spec = json.path("spec");
    String name = json.path("metadata").path("name").asText("");
    if (name.length() > 52) {
      // Argo appends "-<unix time>" to the name of each Workflow it creates.
      add(
          "/metadata/name",
          "a CronWorkflow name must be at most 52 characters (Argo appends a timestamp to it),"
              + " '"
              + name
              + "' has "
              + name.length());
    }
    JsonNode schedules = spec.path("schedules");
    for (int i = 0; i < schedules.size(); i++) {
      String s = schedules.get(i).asText();
      if (!s.startsWith("@") && !s.contains("{{") && s.trim().split("\\s+").length != 5) {
        add(
            "/spec/schedules/" + i,
            "cron schedule '" + s + "' must have 5 fields (minute hour day month weekday)");
      }
    }
    if (spec.has("timezone") && !spec.path("timezone").asText().isEmpty()) {
      try {
        ZoneId.of(spec.path("timezone").asText());
      } catch (DateTimeException e) {
        add("/spec/timezone", "unknown time zone '" + spec.path("timezone").asText() + "'");
      }
    }
    String policy = spec.path("concurrencyPolicy").asText("");
    if (!policy.isEmpty() && !Set.of("Allow", "Forbid", "Replace").contains(policy)) {
      add(
          "/spec/concurrencyPolicy",
          "concurrencyPolicy '" + policy + "' is not one of Allow, Forbid, Replace");
    }
    workflow(spec.path("workflowSpec"), "/spec/workflowSpec", false);
  }

  private void binding(JsonNode spec) {
    JsonNode ref = spec.path("submit").path("workflowTemplateRef");
    String name = ref.path("name").asText("");
    if (!name.isEmpty()
        && !ref.path("clusterScope").asBoolean(false)
        && !templatesInSet.isEmpty()
        && !templatesInSet.containsKey(name)) {
      warn(
          "/spec/submit/workflowTemplateRef/name",
          "WorkflowTemplate '" + name + "' is not among the resources validated");
    }
  }

  // ---- workflows

  /**
   * Checks a workflow spec.
   *
   * @param library a WorkflowTemplate or ClusterWorkflowTemplate: it may have no entrypoint and its
   *     {@code workflow.parameters} come from whoever submits it
   */
  private void workflow(JsonNode spec, String base, boolean library) {
    Map<String, JsonNode> templates = new LinkedHashMap<>();
    Map<String, Integer> index = new HashMap<>();
    JsonNode list = spec.path("templates");
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i).path("name").asText();
      if (name.isEmpty()) {
        add(base + "/templates/" + i, "template without a name");
      } else if (templates.containsKey(name)) {
        add(base + "/templates/" + i + "/name", "duplicate template name '" + name + "'");
      }
      templates.put(name, list.get(i));
      index.put(name, i);
    }
    boolean external = spec.has("workflowTemplateRef");
    if (external && !templates.isEmpty()) {
      add(
          base + "/templates",
          "a Workflow with workflowTemplateRef cannot have its own templates (Argo refuses it)");
    }
    Scope global =
        new Scope(
            library || external ? null : names(spec.path("arguments").path("parameters")),
            templates,
            spec.path("templateDefaults"));
    if (spec.has("entrypoint")
        && !templates.containsKey(spec.path("entrypoint").asText())
        && !external) {
      add(
          base + "/entrypoint",
          "entrypoint '"
              + spec.path("entrypoint").asText()
              + "' is not a template of this resource (templates: "
              + templates.keySet()
              + ")");
    } else if (!spec.has("entrypoint") && !external && !library && !templates.isEmpty()) {
      add(base, "no entrypoint: set spec.entrypoint to one of " + templates.keySet());
    }
    if (spec.has("onExit") && !templates.containsKey(spec.path("onExit").asText()) && !external) {
      add(
          base + "/onExit",
          "onExit template '" + spec.path("onExit").asText() + "' does not exist");
    }
    Map<String, List<Call>> calls = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      template(list.get(i), base + "/templates/" + i, global, calls);
    }
    loops(calls, index, base);
  }

  /** What a tag may refer to where it is written. */
  private record Scope(
      Set<String> workflowParams, Map<String, JsonNode> templates, JsonNode defaults) {}

  /**
   * Where a tag is: the template's inputs, the steps or tasks it can see, and the fields {@code
   * item.<x>} may read ({@code null}: not in a loop; {@link #ANY_ITEM}: a withParam/withSequence
   * loop, whose items are known only at run time).
   */
  private record Context(
      Set<String> inputs,
      Set<String> inputArtifacts,
      String kind,
      Map<String, JsonNode> nodes,
      Set<String> itemKeys) {
    Context(
        Set<String> inputs, Set<String> inputArtifacts, String kind, Map<String, JsonNode> nodes) {
      this(inputs, inputArtifacts, kind, nodes, null);
    }

    Context with(Map<String, JsonNode> visible, Set<String> moreInputs) {
      Set<String> in = inputs;
      if (!moreInputs.isEmpty()) {
        in = new LinkedHashSet<>(inputs);
        in.addAll(moreInputs);
      }
      return new Context(in, inputArtifacts, kind, visible, itemKeys);
    }

    /** The same context inside the loop of {@code step}, if it has one. */
    Context loop(JsonNode step) {
      if (step.has("withParam") || step.has("withSequence")) {
        return new Context(inputs, inputArtifacts, kind, nodes, ANY_ITEM);
      }
      if (!step.path("withItems").isArray()) {
        return new Context(inputs, inputArtifacts, kind, nodes, null);
      }
      Set<String> keys = new LinkedHashSet<>();
      for (JsonNode item : step.path("withItems")) {
        if (item.isObject()) {
          item.fieldNames().forEachRemaining(keys::add);
        } else if (item.isArray()) {
          for (int i = 0; i < item.size(); i++) {
            keys.add("[" + i + "]");
          }
        } else {
          keys.add("");
        }
      }
      return new Context(inputs, inputArtifacts, kind, nodes, keys);
    }
  }

  private static final Set<String> ANY_ITEM = Set.of("*");

  /** A template calling another, and whether something ({@code when}, ...) can stop it. */
  private record Call(String target, boolean guarded) {}

  private void template(JsonNode t, String tp, Scope scope, Map<String, List<Call>> calls) {
    List<String> types = TEMPLATE_TYPES.stream().filter(t::has).sorted().toList();
    if (types.isEmpty()) {
      add(
          tp,
          "template type unspecified: choose one of " + new java.util.TreeSet<>(TEMPLATE_TYPES));
    } else if (types.size() > 1) {
      add(tp, "a template has exactly one type, this one has " + types);
    }
    String action = t.path("resource").path("action").asText("");
    if (t.has("resource") && !RESOURCE_ACTIONS.contains(action) && !action.contains("{{")) {
      add(
          tp + "/resource/action",
          "resource action '"
              + action
              + "' is not one of "
              + new java.util.TreeSet<>(RESOURCE_ACTIONS));
    }
    List<Call> called = new ArrayList<>();
    calls.put(t.path("name").asText(), called);
    Set<String> inputs = names(t.path("inputs").path("parameters"));
    Set<String> inputArtifacts = names(t.path("inputs").path("artifacts"));
    JsonNode groups = t.path("steps");
    JsonNode tasks = t.path("dag").path("tasks");
    if (groups.isArray()) {
      // A step sees the steps of earlier groups; its hooks also see the step itself.
      Map<String, JsonNode> all = new HashMap<>();
      groups.forEach(g -> g.forEach(s -> all.put(s.path("name").asText(), s)));
      Context ctx = new Context(inputs, inputArtifacts, "steps", Map.of());
      Map<String, JsonNode> earlier = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (int g = 0; g < groups.size(); g++) {
        for (int s = 0; s < groups.get(g).size(); s++) {
          if (!seen.add(groups.get(g).get(s).path("name").asText())) {
            add(
                tp + "/steps/" + g + "/" + s + "/name",
                "step name '" + groups.get(g).get(s).path("name").asText() + "' is not unique");
          }
        }
      }
      for (int g = 0; g < groups.size(); g++) {
        for (int s = 0; s < groups.get(g).size(); s++) {
          JsonNode step = groups.get(g).get(s);
          String sp = tp + "/steps/" + g + "/" + s;
          invocation(step, sp, scope.templates(), called);
          Set<String> inline = names(step.path("inline").path("inputs").path("parameters"));
          Map<String, JsonNode> self = new HashMap<>(earlier);
          self.put(step.path("name").asText(), step);
          Iterator<Map.Entry<String, JsonNode>> fields = step.properties().iterator();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            Map<String, JsonNode> visible = f.getKey().equals("hooks") ? self : earlier;
            refs(f.getValue(), sp + "/" + f.getKey(), scope, ctx.with(visible, inline).loop(step));
          }
        }
        for (JsonNode step : groups.get(g)) {
          earlier.put(step.path("name").asText(), step);
        }
      }
      if (t.has("outputs")) {
        refs(t.get("outputs"), tp + "/outputs", scope, ctx.with(all, Set.of()));
      }
    } else if (tasks.isArray()) {
      // A task may refer to the tasks of its DAG (Argo checks the ancestry at run time).
      Map<String, JsonNode> all = new HashMap<>();
      tasks.forEach(task -> all.put(task.path("name").asText(), task));
      Context ctx = new Context(inputs, inputArtifacts, "tasks", all);
      for (int k = 0; k < tasks.size(); k++) {
        JsonNode task = tasks.get(k);
        String kp = tp + "/dag/tasks/" + k;
        invocation(task, kp, scope.templates(), called);
        String depends = task.path("depends").asText("");
        if (!depends.isEmpty() && task.has("dependencies")) {
          add(kp, "use 'depends' or 'dependencies', not both");
        }
        Matcher dm = DEPENDS_TASK.matcher(depends.replaceAll("\\.[A-Za-z]+", ""));
        while (dm.find()) {
          if (!all.containsKey(dm.group())) {
            add(
                kp + "/depends",
                "depends on '"
                    + dm.group()
                    + "', which is not a task of this DAG (tasks: "
                    + all.keySet()
                    + ")");
          }
        }
        JsonNode deps = task.path("dependencies");
        for (int d = 0; d < deps.size(); d++) {
          if (!all.containsKey(deps.get(d).asText())) {
            add(
                kp + "/dependencies/" + d,
                "dependency '"
                    + deps.get(d).asText()
                    + "' is not a task of this DAG (tasks: "
                    + all.keySet()
                    + ")");
          }
        }
        Set<String> inline = names(task.path("inline").path("inputs").path("parameters"));
        refs(task, kp, scope, ctx.with(all, inline).loop(task));
      }
      for (String field : List.of("outputs", "dag")) {
        if (field.equals("outputs") && t.has(field)) {
          refs(t.get(field), tp + "/" + field, scope, ctx);
        }
      }
    } else {
      // A leaf template: every field may use its inputs and the workflow's variables.
      Context ctx = new Context(inputs, inputArtifacts, "leaf", Map.of());
      Iterator<Map.Entry<String, JsonNode>> fields = t.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getKey().equals("name")) {
          refs(f.getValue(), tp + "/" + f.getKey(), scope, ctx);
        }
      }
      JsonNode script = t.path("script");
      if (script.isObject()
          && !script.has("source")
          && !script.has("command")
          && !script.has("args")
          && !scope.defaults().path("script").has("source")) {
        warn(
            tp + "/script",
            "script template without 'source', 'command' or 'args': it runs an empty script");
      }
    }
  }

  private void invocation(
      JsonNode step, String sp, Map<String, JsonNode> templates, List<Call> called) {
    if (step.has("template")) {
      String target = step.path("template").asText();
      called.add(new Call(target, guarded(step)));
      if (!templates.containsKey(target) && !target.contains("{{")) {
        add(
            sp + "/template",
            "template '" + target + "' does not exist (templates: " + templates.keySet() + ")");
      }
    } else if (step.has("templateRef")) {
      String wt = step.path("templateRef").path("name").asText();
      String target = step.path("templateRef").path("template").asText();
      boolean cluster = step.path("templateRef").path("clusterScope").asBoolean(false);
      List<WorkflowSpecs> others =
          (cluster ? clusterTemplatesInSet : templatesInSet).getOrDefault(wt, List.of());
      if (!others.isEmpty()
          && others.stream().allMatch(o -> o.template(target).isEmpty())
          && !target.contains("{{")) {
        add(
            sp + "/templateRef/template",
            (cluster ? "ClusterWorkflowTemplate '" : "WorkflowTemplate '")
                + wt
                + "' has no template '"
                + target
                + "'");
      }
    }
  }

  /**
   * Whether a call may not happen: a {@code when}, a {@code withParam} (possibly empty) or a {@code
   * depends} on anything but success. A recursion through such a call can end.
   */
  private static boolean guarded(JsonNode step) {
    String depends = step.path("depends").asText("");
    return step.has("when")
        || step.has("withParam")
        || step.has("withSequence")
        || depends.contains(".")
        || depends.contains("!")
        || depends.contains("||");
  }

  private void refs(JsonNode node, String ptr, Scope scope, Context ctx) {
    if (node.isTextual()) {
      Matcher m = TAG.matcher(node.asText());
      while (m.find()) {
        reference(m.group(1).trim(), ptr, scope, ctx);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        refs(e.getValue(), JsonPointers.child(ptr, e.getKey()), scope, ctx);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refs(node.get(i), JsonPointers.child(ptr, i), scope, ctx);
      }
    }
  }

  private void reference(String ref, String ptr, Scope scope, Context ctx) {
    if (CHECKED_ROOTS.stream().noneMatch(ref::startsWith)) {
      return;
    }
    String[] p = ref.split("\\.");
    String tag = "'{{" + ref + "}}'";
    switch (p[0]) {
      case "inputs" -> {
        if (p.length >= 3 && p[1].equals("parameters") && !ctx.inputs().contains(p[2])) {
          add(
              ptr,
              tag
                  + " refers to input parameter '"
                  + p[2]
                  + "', which this template does not declare (inputs: "
                  + ctx.inputs()
                  + ")");
        } else if (p.length >= 3
            && p[1].equals("artifacts")
            && !ctx.inputArtifacts().contains(p[2])) {
          add(ptr, tag + " refers to an undeclared input artifact '" + p[2] + "'");
        }
      }
      case "workflow" -> {
        if (p.length < 2 || !WORKFLOW_VARIABLES.contains(p[1])) {
          add(
              ptr,
              tag
                  + " is not an Argo workflow variable (see Argo's docs/variables.md: workflow."
                  + String.join(", workflow.", new java.util.TreeSet<>(WORKFLOW_VARIABLES))
                  + ")");
        } else if (p.length == 3
            && p[1].equals("parameters")
            && !p[2].equals("json")
            && scope.workflowParams() != null
            && !scope.workflowParams().contains(p[2])) {
          add(
              ptr,
              tag
                  + " refers to workflow parameter '"
                  + p[2]
                  + "', which spec.arguments does not declare (parameters: "
                  + scope.workflowParams()
                  + ")");
        }
      }
      case "steps", "tasks" -> node(p, ref, ptr, scope, ctx);
      case "item" -> item(ref, ptr, ctx);
      default -> {
        // outputs.* (self reference in metrics), pod.name: resolved at run time.
      }
    }
  }

  private void item(String ref, String ptr, Context ctx) {
    String key = ref.substring("item.".length());
    int dot = key.indexOf('.');
    String first = dot < 0 ? key : key.substring(0, dot);
    if (ctx.itemKeys() == null) {
      add(
          ptr,
          "'{{"
              + ref
              + "}}' is only defined in a step or task with withItems, withParam or withSequence");
    } else if (ctx.itemKeys() != ANY_ITEM && !ctx.itemKeys().contains(first)) {
      add(
          ptr,
          "'{{"
              + ref
              + "}}': no item of withItems has '"
              + first
              + "' (keys: "
              + ctx.itemKeys()
              + ")");
    }
  }

  private void node(String[] p, String ref, String ptr, Scope scope, Context ctx) {
    String tag = "'{{" + ref + "}}'";
    if (p.length == 2 && p[1].equals("name")) {
      return; // steps.name / tasks.name: the name of the current step or task
    }
    String noun = p[0].equals("steps") ? "step" : "task";
    if (!p[0].equals(ctx.kind())) {
      add(
          ptr,
          tag
              + " refers to a "
              + noun
              + ", but this is "
              + (ctx.kind().equals("leaf")
                  ? "not a steps or DAG template"
                  : "a " + (ctx.kind().equals("steps") ? "steps" : "DAG") + " template"));
      return;
    }
    JsonNode step = ctx.nodes().get(p[1]);
    if (step == null) {
      add(
          ptr,
          tag
              + " refers to "
              + noun
              + " '"
              + p[1]
              + "', which does not exist or does not run before this one");
    } else if (p.length >= 3 && !NODE_VARIABLES.contains(p[2])) {
      add(
          ptr,
          tag
              + ": '"
              + p[2]
              + "' is not a "
              + noun
              + " variable (one of "
              + new java.util.TreeSet<>(NODE_VARIABLES)
              + ")");
    } else if (p.length == 5
        && p[2].equals("outputs")
        && p[3].equals("parameters")
        && step.has("template")) {
      JsonNode target = scope.templates().get(step.path("template").asText());
      if (target != null && !names(target.path("outputs").path("parameters")).contains(p[4])) {
        add(
            ptr,
            tag
                + ": template '"
                + step.path("template").asText()
                + "' has no output parameter '"
                + p[4]
                + "'");
      }
    }
  }

  /**
   * Recursion is valid in Argo ({@code coinflip -> coinflip}); it is an error only when every call
   * of the loop is unconditional, so nothing but Argo's depth limit ends it.
   */
  private void loops(Map<String, List<Call>> calls, Map<String, Integer> index, String base) {
    Map<String, List<String>> unconditional = new LinkedHashMap<>();
    Map<String, List<String>> any = new LinkedHashMap<>();
    calls.forEach(
        (t, cs) -> {
          unconditional.put(t, cs.stream().filter(c -> !c.guarded()).map(Call::target).toList());
          any.put(t, cs.stream().map(Call::target).toList());
        });
    List<String> path = firstCycle(unconditional);
    if (!path.isEmpty()) {
      add(
          base + "/templates/" + index.get(path.get(0)),
          "template loop: "
              + String.join(" -> ", path)
              + " (no 'when', 'withParam' or conditional 'depends' can end it)");
      return;
    }
    path = firstCycle(any);
    if (!path.isEmpty()) {
      warn(
          base + "/templates/" + index.get(path.get(0)),
          "recursive templates: "
              + String.join(" -> ", path)
              + " (valid in Argo; make sure a 'when' ends the recursion)");
    }
  }

  private static List<String> firstCycle(Map<String, List<String>> calls) {
    Set<String> done = new HashSet<>();
    for (String start : calls.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(start, calls, path, new HashSet<>(), done)) {
        return path;
      }
    }
    return List.of();
  }

  private static boolean cycle(
      String t,
      Map<String, List<String>> calls,
      List<String> path,
      Set<String> onPath,
      Set<String> done) {
    if (onPath.contains(t)) {
      path.subList(0, path.indexOf(t)).clear();
      path.add(t);
      return true;
    }
    if (done.contains(t)) {
      return false;
    }
    onPath.add(t);
    path.add(t);
    for (String next : calls.getOrDefault(t, List.of())) {
      if (cycle(next, calls, path, onPath, done)) {
        return true;
      }
    }
    onPath.remove(t);
    path.remove(path.size() - 1);
    done.add(t);
    return false;
  }

  private static Set<String> names(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(p -> out.add(p.path("name").asText()));
    return out;
  }

  // ---- event sources

  private void eventSource(JsonNode spec) {
    JsonNode asb = spec.path("azureServiceBus");
    asb.properties()
        .forEach(e -> azureServiceBus(e.getValue(), "/spec/azureServiceBus/" + e.getKey()));
  }

  /** Argo Events' rule: a queue, or a topic with a subscription, not both. */
  private void azureServiceBus(JsonNode n, String ptr) {
    boolean queue = !n.path("queueName").asText("").isEmpty();
    boolean topic = !n.path("topicName").asText("").isEmpty();
    boolean subscription = !n.path("subscriptionName").asText("").isEmpty();
    if (!queue && !(topic && subscription)) {
      add(ptr, "set queueName, or topicName and subscriptionName");
    } else if (queue && (topic || subscription)) {
      add(ptr, "set queueName or topicName/subscriptionName, not both");
    }
  }

  // ---- sensors

  private void sensor(JsonNode spec) {
    Set<String> deps = new LinkedHashSet<>();
    JsonNode dl = spec.path("dependencies");
    for (int i = 0; i < dl.size(); i++) {
      JsonNode d = dl.get(i);
      deps.add(d.path("name").asText());
      List<EventSource> srcs =
          sourcesInSet.getOrDefault(d.path("eventSourceName").asText(), List.of());
      String event = d.path("eventName").asText();
      if (!sourcesInSet.isEmpty() && srcs.isEmpty()) {
        // It may be deployed from elsewhere: only worth a look.
        warn(
            "/spec/dependencies/" + i + "/eventSourceName",
            "EventSource '"
                + d.path("eventSourceName").asText()
                + "' is not among the resources validated");
      } else if (!srcs.isEmpty() && srcs.stream().noneMatch(s -> s.eventNames().contains(event))) {
        // Argo accepts it; the sensor just never fires (Argo's own examples do this on purpose).
        Set<String> events = new java.util.TreeSet<>();
        srcs.forEach(s -> events.addAll(s.eventNames()));
        warn(
            "/spec/dependencies/" + i + "/eventName",
            "EventSource '"
                + d.path("eventSourceName").asText()
                + "' has no event '"
                + event
                + "' (events: "
                + events
                + "): this dependency never fires");
      }
      JsonNode context = d.path("filters").path("context");
      if (context.isObject()
          && List.of("type", "subject", "source", "datacontenttype").stream()
              .allMatch(k -> context.path(k).asText("").isEmpty())) {
        add(
            "/spec/dependencies/" + i + "/filters/context",
            "a context filter needs at least one of type, subject, source, datacontenttype"
                + " (Argo Events refuses an empty one)");
      }
    }
    JsonNode triggers = spec.path("triggers");
    for (int i = 0; i < triggers.size(); i++) {
      JsonNode tr = triggers.get(i);
      String tp = "/spec/triggers/" + i;
      if (tr.path("template").has("azureServiceBus")) {
        azureServiceBus(
            tr.path("template").path("azureServiceBus"), tp + "/template/azureServiceBus");
      }
      for (String kind : List.of("k8s", "argoWorkflow")) {
        JsonNode k = tr.path("template").path(kind);
        if (k.isMissingNode()) {
          continue;
        }
        String kp = tp + "/template/" + kind;
        JsonNode resource = k.path("source").path("resource");
        JsonNode params = k.path("parameters");
        for (int j = 0; j < params.size(); j++) {
          JsonNode p = params.get(j);
          String pp = kp + "/parameters/" + j;
          dependency(p, pp, deps);
          String dest = p.path("dest").asText("");
          if (resource.isObject()) {
            destination(resource, dest, pp + "/dest");
          }
        }
      }
      JsonNode tparams = tr.path("parameters");
      for (int j = 0; j < tparams.size(); j++) {
        dependency(tparams.get(j), tp + "/parameters/" + j, deps);
      }
    }
  }

  private void dependency(JsonNode parameter, String pp, Set<String> deps) {
    String dep = parameter.path("src").path("dependencyName").asText();
    if (!deps.contains(dep)) {
      add(
          pp + "/src/dependencyName",
          "dependency '"
              + dep
              + "' is not declared in spec.dependencies (dependencies: "
              + deps
              + ")");
    }
  }

  /**
   * A trigger parameter's {@code dest} is an sjson path: Argo creates what is missing, so only a
   * path through a scalar, or an array index past the end (padded with nulls), is suspicious.
   */
  private void destination(JsonNode resource, String dest, String ptr) {
    if (dest.isEmpty()) {
      add(ptr, "dest is empty: name the field of the trigger's resource to set");
      return;
    }
    String problem = destProblem(resource, dest);
    if (!problem.isEmpty()) {
      warn(ptr, "dest '" + dest + "' " + problem);
    }
  }

  /** Why setting an sjson-style path ({@code a.b.0.c}, {@code -1} appends) looks wrong, or "". */
  static String destProblem(JsonNode resource, String dest) {
    String[] parts = dest.split("(?<!\\\\)\\.");
    JsonNode n = resource;
    for (int i = 0; i < parts.length && n != null && !n.isMissingNode(); i++) {
      String part = parts[i].replace("\\.", ".");
      if (n.isArray()) {
        if (part.equals("-1")) {
          return "";
        }
        int idx;
        try {
          idx = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          return "uses '" + part + "' as a key of an array";
        }
        if (idx > n.size()) {
          return "sets index "
              + idx
              + " of an array of "
              + n.size()
              + " elements: the elements between are filled with null";
        }
        n = n.get(idx);
      } else if (n.isObject()) {
        n = n.get(part);
      } else if (!n.isNull()) {
        return "goes through '"
            + String.join(".", java.util.Arrays.copyOf(parts, i))
            + "', which is a "
            + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
            + ", not an object";
      }
    }
    return "";
  }
}
