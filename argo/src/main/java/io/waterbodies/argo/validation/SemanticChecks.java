package io.waterbodies.argo.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.validation.Finding.Source;
import io.waterbodies.core.json.JsonPointers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks a JSON schema cannot express; one instance per resource. */
final class SemanticChecks {
  private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([^}=][^}]*?)\\s*}}");

  private final String id;
  private final Map<String, WorkflowTemplate> templatesInSet;
  private final Map<String, EventSource> sourcesInSet;
  private final List<Finding> out;
  private final String prefix;

  SemanticChecks(
      String id,
      Map<String, WorkflowTemplate> templatesInSet,
      Map<String, EventSource> sourcesInSet,
      List<Finding> out) {
    this(id, templatesInSet, sourcesInSet, out, "");
  }

  SemanticChecks(
      String id,
      Map<String, WorkflowTemplate> templatesInSet,
      Map<String, EventSource> sourcesInSet,
      List<Finding> out,
      String prefix) {
    this.id = id;
    this.templatesInSet = templatesInSet;
    this.sourcesInSet = sourcesInSet;
    this.out = out;
    this.prefix = prefix;
  }

  void check(ArgoResource r) {
    switch (r.kind()) {
      case "Workflow", "WorkflowTemplate" -> workflow(r.toJson().path("spec"));
      case "Sensor" -> sensor((Sensor) r);
      default -> {
        // EventBus and EventSource: the schema and the strict check cover them.
      }
    }
  }

  private void add(String pointer, String message) {
    out.add(new Finding(id, prefix + pointer, message, Source.SEMANTIC));
  }

  // ---- workflows

  private void workflow(JsonNode spec) {
    Map<String, JsonNode> templates = new LinkedHashMap<>();
    Map<String, Integer> index = new HashMap<>();
    JsonNode list = spec.path("templates");
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i).path("name").asText();
      if (templates.containsKey(name)) {
        add("/spec/templates/" + i + "/name", "duplicate template name '" + name + "'");
      }
      templates.put(name, list.get(i));
      index.put(name, i);
    }
    boolean external = spec.has("workflowTemplateRef");
    Set<String> workflowParams = names(spec.path("arguments").path("parameters"));
    if (spec.has("entrypoint")
        && !templates.containsKey(spec.path("entrypoint").asText())
        && !external) {
      add(
          "/spec/entrypoint",
          "entrypoint '"
              + spec.path("entrypoint").asText()
              + "' is not a template of this resource (templates: "
              + templates.keySet()
              + ")");
    } else if (!spec.has("entrypoint") && !external && !templates.isEmpty()) {
      add("/spec", "no entrypoint: set spec.entrypoint to one of " + templates.keySet());
    }
    if (spec.has("onExit") && !templates.containsKey(spec.path("onExit").asText()) && !external) {
      add("/spec/onExit", "onExit template '" + spec.path("onExit").asText() + "' does not exist");
    }
    Map<String, List<String>> calls = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode t = list.get(i);
      String tp = "/spec/templates/" + i;
      List<String> called = new ArrayList<>();
      calls.put(t.path("name").asText(), called);
      Set<String> inputs = names(t.path("inputs").path("parameters"));
      Set<String> inputArtifacts = names(t.path("inputs").path("artifacts"));
      // Steps: a step may refer to steps of earlier groups.
      Map<String, JsonNode> earlier = new HashMap<>();
      JsonNode groups = t.path("steps");
      for (int g = 0; g < groups.size(); g++) {
        Map<String, JsonNode> thisGroup = new HashMap<>();
        for (int s = 0; s < groups.get(g).size(); s++) {
          JsonNode step = groups.get(g).get(s);
          String sp = tp + "/steps/" + g + "/" + s;
          invocation(step, sp, templates, called);
          refs(
              step,
              sp,
              inputs,
              inputArtifacts,
              workflowParams,
              external,
              "steps",
              earlier,
              templates);
          thisGroup.put(step.path("name").asText(), step);
        }
        earlier.putAll(thisGroup);
      }
      // DAG: a task may refer to the tasks it depends on (any task, for simplicity).
      JsonNode tasks = t.path("dag").path("tasks");
      Map<String, JsonNode> all = new HashMap<>();
      tasks.forEach(task -> all.put(task.path("name").asText(), task));
      for (int k = 0; k < tasks.size(); k++) {
        JsonNode task = tasks.get(k);
        String kp = tp + "/dag/tasks/" + k;
        invocation(task, kp, templates, called);
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
        refs(task, kp, inputs, inputArtifacts, workflowParams, external, "tasks", all, templates);
      }
      // The template's own fields (container, script, resource, outputs).
      for (String field : List.of("container", "script", "resource", "outputs", "inputs")) {
        if (t.has(field)) {
          refs(
              t.get(field),
              tp + "/" + field,
              inputs,
              inputArtifacts,
              workflowParams,
              external,
              "steps",
              t.has("steps") ? allSteps(t) : Map.of(),
              templates);
        }
      }
    }
    loops(calls, index);
  }

  private static Map<String, JsonNode> allSteps(JsonNode t) {
    Map<String, JsonNode> m = new HashMap<>();
    t.path("steps").forEach(g -> g.forEach(s -> m.put(s.path("name").asText(), s)));
    return m;
  }

  private void invocation(
      JsonNode step, String sp, Map<String, JsonNode> templates, List<String> called) {
    if (step.has("template")) {
      String target = step.path("template").asText();
      called.add(target);
      if (!templates.containsKey(target)) {
        add(
            sp + "/template",
            "template '" + target + "' does not exist (templates: " + templates.keySet() + ")");
      }
    } else if (step.has("templateRef")) {
      String wt = step.path("templateRef").path("name").asText();
      String target = step.path("templateRef").path("template").asText();
      WorkflowTemplate other = templatesInSet.get(wt);
      if (other != null && other.template(target).isEmpty()) {
        add(
            sp + "/templateRef/template",
            "WorkflowTemplate '" + wt + "' has no template '" + target + "'");
      }
    }
  }

  private void refs(
      JsonNode node,
      String ptr,
      Set<String> inputs,
      Set<String> inputArtifacts,
      Set<String> workflowParams,
      boolean external,
      String scope,
      Map<String, JsonNode> visibleSteps,
      Map<String, JsonNode> templates) {
    if (node.isTextual()) {
      Matcher m = TAG.matcher(node.asText());
      while (m.find()) {
        String[] parts = m.group(1).trim().split("\\.");
        reference(
            parts,
            ptr,
            inputs,
            inputArtifacts,
            workflowParams,
            external,
            scope,
            visibleSteps,
            templates);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        refs(
            e.getValue(),
            JsonPointers.child(ptr, e.getKey()),
            inputs,
            inputArtifacts,
            workflowParams,
            external,
            scope,
            visibleSteps,
            templates);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refs(
            node.get(i),
            JsonPointers.child(ptr, i),
            inputs,
            inputArtifacts,
            workflowParams,
            external,
            scope,
            visibleSteps,
            templates);
      }
    }
  }

  private void reference(
      String[] p,
      String ptr,
      Set<String> inputs,
      Set<String> inputArtifacts,
      Set<String> workflowParams,
      boolean external,
      String scope,
      Map<String, JsonNode> visible,
      Map<String, JsonNode> templates) {
    String ref = String.join(".", p);
    if (p.length == 3
        && p[0].equals("inputs")
        && p[1].equals("parameters")
        && !inputs.contains(p[2])) {
      add(
          ptr,
          "'{{"
              + ref
              + "}}' refers to input parameter '"
              + p[2]
              + "', which this template does not declare (inputs: "
              + inputs
              + ")");
    } else if (p.length == 3
        && p[0].equals("inputs")
        && p[1].equals("artifacts")
        && !inputArtifacts.contains(p[2])) {
      add(ptr, "'{{" + ref + "}}' refers to an undeclared input artifact '" + p[2] + "'");
    } else if (p.length == 3
        && p[0].equals("workflow")
        && p[1].equals("parameters")
        && !external
        && !workflowParams.contains(p[2])) {
      add(
          ptr,
          "'{{"
              + ref
              + "}}' refers to workflow parameter '"
              + p[2]
              + "', which spec.arguments does not declare (parameters: "
              + workflowParams
              + ")");
    } else if (p.length >= 2 && (p[0].equals("steps") || p[0].equals("tasks"))) {
      if (!p[0].equals(scope) && !visible.isEmpty()) {
        add(ptr, "'{{" + ref + "}}' uses '" + p[0] + ".' inside a " + scope + " template");
        return;
      }
      JsonNode step = visible.get(p[1]);
      if (step == null) {
        add(
            ptr,
            "'{{"
                + ref
                + "}}' refers to "
                + (scope.equals("steps") ? "step" : "task")
                + " '"
                + p[1]
                + "', which does not exist or does not run before this one");
      } else if (p.length == 5
          && p[2].equals("outputs")
          && p[3].equals("parameters")
          && step.has("template")) {
        JsonNode target = templates.get(step.path("template").asText());
        if (target != null && !names(target.path("outputs").path("parameters")).contains(p[4])) {
          add(
              ptr,
              "'{{"
                  + ref
                  + "}}': template '"
                  + step.path("template").asText()
                  + "' has no output parameter '"
                  + p[4]
                  + "'");
        }
      }
    }
  }

  private void loops(Map<String, List<String>> calls, Map<String, Integer> index) {
    Set<String> done = new HashSet<>();
    for (String start : calls.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(start, calls, path, new HashSet<>(), done)) {
        add(
            "/spec/templates/" + index.get(path.get(0)),
            "template loop: " + String.join(" -> ", path));
        return;
      }
    }
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
    Set<String> out = new java.util.LinkedHashSet<>();
    array.forEach(p -> out.add(p.path("name").asText()));
    return out;
  }

  // ---- sensors

  private void sensor(Sensor s) {
    JsonNode spec = s.toJson().path("spec");
    Set<String> deps = new java.util.LinkedHashSet<>();
    JsonNode dl = spec.path("dependencies");
    for (int i = 0; i < dl.size(); i++) {
      JsonNode d = dl.get(i);
      deps.add(d.path("name").asText());
      EventSource src = sourcesInSet.get(d.path("eventSourceName").asText());
      if (!sourcesInSet.isEmpty() && src == null) {
        add(
            "/spec/dependencies/" + i + "/eventSourceName",
            "EventSource '"
                + d.path("eventSourceName").asText()
                + "' is not among the resources validated");
      } else if (src != null && !src.eventNames().contains(d.path("eventName").asText())) {
        add(
            "/spec/dependencies/" + i + "/eventName",
            "EventSource '"
                + src.displayName()
                + "' has no event '"
                + d.path("eventName").asText()
                + "' (events: "
                + src.eventNames()
                + ")");
      }
    }
    JsonNode triggers = spec.path("triggers");
    for (int i = 0; i < triggers.size(); i++) {
      JsonNode tr = triggers.get(i);
      for (String kind : List.of("k8s", "argoWorkflow")) {
        JsonNode k = tr.path("template").path(kind);
        if (k.isMissingNode()) {
          continue;
        }
        String kp = "/spec/triggers/" + i + "/template/" + kind;
        JsonNode resource = k.path("source").path("resource");
        JsonNode params = k.path("parameters");
        for (int j = 0; j < params.size(); j++) {
          JsonNode p = params.get(j);
          String pp = kp + "/parameters/" + j;
          String dep = p.path("src").path("dependencyName").asText();
          if (!deps.contains(dep)) {
            add(
                pp + "/src/dependencyName",
                "dependency '"
                    + dep
                    + "' is not declared in spec.dependencies (dependencies: "
                    + deps
                    + ")");
          }
          String dest = p.path("dest").asText("");
          if (resource.isObject() && !destExists(resource, dest)) {
            add(pp + "/dest", "dest '" + dest + "' does not exist in the trigger's resource");
          }
        }
      }
      JsonNode tparams = tr.path("parameters");
      for (int j = 0; j < tparams.size(); j++) {
        String dep = tparams.get(j).path("src").path("dependencyName").asText();
        if (!deps.contains(dep)) {
          add(
              "/spec/triggers/" + i + "/parameters/" + j + "/src/dependencyName",
              "dependency '" + dep + "' is not declared in spec.dependencies");
        }
      }
    }
  }

  /** Whether an sjson-style path ({@code a.b.0.c}, {@code -1} appends) exists in a resource. */
  static boolean destExists(JsonNode resource, String dest) {
    if (dest.isEmpty()) {
      return false;
    }
    String[] parts = dest.split("(?<!\\\\)\\.");
    JsonNode n = resource;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].replace("\\.", ".");
      if (n.isArray()) {
        if (part.equals("-1") && i == parts.length - 1) {
          return true;
        }
        try {
          int idx = Integer.parseInt(part);
          if (idx < 0 || idx >= n.size()) {
            return false;
          }
          n = n.get(idx);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (n.isObject()) {
        if (!n.has(part)) {
          return false;
        }
        n = n.get(part);
      } else {
        return false;
      }
    }
    return true;
  }
}
