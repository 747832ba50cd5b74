package io.waterbodies.stac.validation;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@code oneOf}/{@code anyOf} failures readable. A failed {@code oneOf} reports the errors of
 * every branch, most of which only say "this is not a Point" (for a Polygon). Like the "best match"
 * heuristics of other validators we (1) drop branches ruled out by a {@code type} discriminator
 * ({@code enum}/{@code const} on a {@code .../type} member), (2) keep, per failed {@code oneOf},
 * only the branch(es) whose errors reach deepest into the document (the branch that matched
 * furthest), with the fewest errors among those, and drop the summary "must be valid to one and
 * only one schema" when a branch detail explains it.
 */
final class SchemaErrors {
  private SchemaErrors() {}

  static List<Error> prune(List<Error> errors) {
    List<Error> live = new ArrayList<>(errors);
    Set<String> dead = new HashSet<>();
    for (Error e : errors) {
      boolean discriminator =
          ("enum".equals(e.getKeyword()) || "const".equals(e.getKeyword()))
              && instance(e).endsWith("/type");
      if (discriminator) {
        String branch = enclosingBranch(eval(e));
        if (branch != null) {
          dead.add(branch);
        }
      }
    }
    live.removeIf(e -> dead.stream().anyMatch(b -> within(eval(e), b)));

    List<Error> combinators = new ArrayList<>();
    for (Error e : live) {
      if ("oneOf".equals(e.getKeyword()) || "anyOf".equals(e.getKeyword())) {
        combinators.add(e);
      }
    }
    combinators.sort((a, b) -> Integer.compare(eval(a).length(), eval(b).length()));
    Set<Error> removed = new HashSet<>();
    for (Error c : combinators) {
      if (removed.contains(c)) {
        continue;
      }
      String base = eval(c);
      Map<String, List<Error>> branches = new LinkedHashMap<>();
      for (Error e : live) {
        String ev = eval(e);
        if (!removed.contains(e) && ev.startsWith(base + "/")) {
          String rest = ev.substring(base.length() + 1);
          int slash = rest.indexOf('/');
          String k = slash < 0 ? rest : rest.substring(0, slash);
          branches.computeIfAbsent(base + "/" + k, x -> new ArrayList<>()).add(e);
        }
      }
      // A branch that only says "this is an object, not null" is the wrong kind, not a near miss.
      String at = instance(c);
      branches
          .values()
          .removeIf(
              b -> {
                boolean wrongKind =
                    b.stream()
                        .allMatch(e -> "type".equals(e.getKeyword()) && instance(e).equals(at));
                if (wrongKind) {
                  removed.addAll(b);
                }
                return wrongKind;
              });
      if (branches.isEmpty()) {
        continue; // nothing explains it (or several branches matched): keep the summary
      }
      int best = branches.values().stream().mapToInt(SchemaErrors::branchDepth).max().orElse(0);
      int fewest =
          branches.values().stream()
              .filter(b -> branchDepth(b) == best)
              .mapToInt(List::size)
              .min()
              .orElse(0);
      for (List<Error> branch : branches.values()) {
        if (branchDepth(branch) < best || branch.size() > fewest) {
          removed.addAll(branch);
        }
      }
      removed.add(c);
    }
    live.removeAll(removed);
    return live;
  }

  private static int branchDepth(List<Error> branch) {
    return branch.stream().mapToInt(SchemaErrors::errorDepth).max().orElse(0);
  }

  /** How deep into the document an error points; a missing member counts as one level below. */
  static int errorDepth(Error e) {
    int d = e.getInstanceLocation() == null ? 0 : e.getInstanceLocation().getNameCount();
    return "required".equals(e.getKeyword()) && e.getProperty() != null ? d + 1 : d;
  }

  private static String eval(Error e) {
    return e.getEvaluationPath() == null ? "" : e.getEvaluationPath().toString();
  }

  private static String instance(Error e) {
    return e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
  }

  /** The evaluation path of the innermost oneOf/anyOf branch containing {@code path}. */
  private static String enclosingBranch(String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 2; i >= 0; i--) {
      if ((parts[i].equals("oneOf") || parts[i].equals("anyOf")) && parts[i + 1].matches("\\d+")) {
        return String.join("/", Arrays.copyOfRange(parts, 0, i + 2));
      }
    }
    return null;
  }

  private static boolean within(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
