package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.sensor.internal.TemplateNodes.Action;
import io.waterbodies.events.sensor.internal.TemplateNodes.Arg;
import io.waterbodies.events.sensor.internal.TemplateNodes.Command;
import io.waterbodies.events.sensor.internal.TemplateNodes.Dot;
import io.waterbodies.events.sensor.internal.TemplateNodes.Field;
import io.waterbodies.events.sensor.internal.TemplateNodes.Function;
import io.waterbodies.events.sensor.internal.TemplateNodes.If;
import io.waterbodies.events.sensor.internal.TemplateNodes.Literal;
import io.waterbodies.events.sensor.internal.TemplateNodes.Node;
import io.waterbodies.events.sensor.internal.TemplateNodes.Pipeline;
import io.waterbodies.events.sensor.internal.TemplateNodes.Range;
import io.waterbodies.events.sensor.internal.TemplateNodes.Sub;
import io.waterbodies.events.sensor.internal.TemplateNodes.Text;
import io.waterbodies.events.sensor.internal.TemplateNodes.Variable;
import io.waterbodies.events.sensor.internal.TemplateNodes.With;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses Go template text into {@link TemplateNodes}. */
final class TemplateParser {
  private final String src;
  private final List<Object> items = new ArrayList<>(); // String text or String[] {action}
  private int next;
  private final Set<String> declared = new HashSet<>(Set.of("$"));

  TemplateParser(String src) {
    this.src = src;
    split();
  }

  private IllegalArgumentException error(String m) {
    return new IllegalArgumentException("template '" + src + "': " + m);
  }

  private void split() {
    int i = 0;
    boolean trimNext = false;
    while (true) {
      int open = src.indexOf("{{", i);
      String text = open < 0 ? src.substring(i) : src.substring(i, open);
      if (trimNext) {
        text = text.stripLeading();
      }
      if (open < 0) {
        items.add(text);
        return;
      }
      int start = open + 2;
      if (src.startsWith("- ", start)
          || src.startsWith("-\t", start)
          || src.startsWith("-\n", start)) {
        text = text.stripTrailing();
        start++;
      }
      items.add(text);
      int close = findClose(start);
      int end = close;
      trimNext = false;
      if (close - 1 >= start
          && src.charAt(close - 1) == '-'
          && close - 2 >= start
          && Character.isWhitespace(src.charAt(close - 2))) {
        end = close - 1;
        trimNext = true;
      }
      String action = src.substring(start, end).trim();
      if (!(action.startsWith("/*") && action.endsWith("*/"))) {
        items.add(new String[] {action});
      }
      i = close + 2;
    }
  }

  private int findClose(int from) {
    char quote = 0;
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (c == '/' && src.startsWith("/*", i)) {
        int e = src.indexOf("*/", i + 2);
        if (e < 0) {
          throw error("unclosed comment");
        }
        i = e + 1;
      } else if (src.startsWith("}}", i)) {
        return i;
      }
    }
    throw error("unclosed action");
  }

  List<Node> parse() {
    List<Node> body = new ArrayList<>();
    String end = list(body);
    if (end != null) {
      throw error("unexpected {{" + end + "}}");
    }
    return body;
  }

  /** Parses nodes until {@code end}/{@code else}; returns that keyword line, or null at EOF. */
  private String list(List<Node> out) {
    while (next < items.size()) {
      Object item = items.get(next++);
      if (item instanceof String t) {
        if (!t.isEmpty()) {
          out.add(new Text(t));
        }
        continue;
      }
      String action = ((String[]) item)[0];
      String kw = keyword(action);
      switch (kw) {
        case "end", "else" -> {
          return action;
        }
        case "if", "with", "range" -> out.add(block(kw, action.substring(kw.length()).trim()));
        case "define", "template", "block", "break", "continue" ->
            throw error("{{" + kw + "}} is not supported in sensor templates");
        default -> out.add(new Action(pipeline(action)));
      }
    }
    return null;
  }

  private static String keyword(String action) {
    int k = 0;
    while (k < action.length() && Character.isLetter(action.charAt(k))) {
      k++;
    }
    String w = action.substring(0, k);
    return (k == action.length() || !Character.isLetterOrDigit(action.charAt(k)))
            && Set.of("if", "else", "end", "range", "with", "define", "template", "block")
                .contains(w)
        ? w
        : (Set.of("break", "continue").contains(action) ? action : "");
  }

  private Node block(String kw, String pipeText) {
    if (pipeText.isEmpty()) {
      throw error("missing value for " + kw);
    }
    Set<String> saved = new HashSet<>(declared);
    Pipeline p = pipeline(pipeText);
    List<Node> body = new ArrayList<>();
    List<Node> otherwise = new ArrayList<>();
    String end = list(body);
    if (end == null) {
      throw error("unexpected EOF: {{" + kw + "}} without {{end}}");
    }
    if (end.startsWith("else")) {
      String rest = end.substring(4).trim();
      if (!rest.isEmpty()) {
        // else if ... / else with ...: a nested block that shares this block's {{end}}
        String innerKw = keyword(rest);
        if (!innerKw.equals(kw) || kw.equals("range")) {
          throw error("{{else " + rest + "}} does not match {{" + kw + "}}");
        }
        otherwise.add(block(kw, rest.substring(innerKw.length()).trim()));
        declared.clear();
        declared.addAll(saved);
        return make(kw, p, body, otherwise);
      }
      end = list(otherwise);
      if (end == null || !end.equals("end")) {
        throw error("{{" + kw + "}} needs {{end}}");
      }
    }
    declared.clear();
    declared.addAll(saved);
    return make(kw, p, body, otherwise);
  }

  private static Node make(String kw, Pipeline p, List<Node> body, List<Node> otherwise) {
    return switch (kw) {
      case "if" -> new If(p, body, otherwise);
      case "with" -> new With(p, body, otherwise);
      default -> new Range(p, body, otherwise);
    };
  }

  // ---- pipelines --------------------------------------------------------------------------

  private List<String> toks;
  private int tp;

  private Pipeline pipeline(String text) {
    List<String> saved = toks;
    int savedPos = tp;
    toks = tokenize(text);
    tp = 0;
    Pipeline p = pipe(false);
    if (tp < toks.size()) {
      throw error("unexpected '" + toks.get(tp) + "' in {{" + text + "}}");
    }
    toks = saved;
    tp = savedPos;
    return p;
  }

  private Pipeline pipe(boolean inParens) {
    List<String> vars = new ArrayList<>();
    boolean declare = false;
    int save = tp;
    // $x := / $x = / $i, $v :=
    while (tp < toks.size() && toks.get(tp).startsWith("$") && !toks.get(tp).contains(".")) {
      vars.add(toks.get(tp));
      tp++;
      if (tp < toks.size() && toks.get(tp).equals(",")) {
        tp++;
        continue;
      }
      break;
    }
    if (!vars.isEmpty()
        && tp < toks.size()
        && (toks.get(tp).equals(":=") || toks.get(tp).equals("="))) {
      declare = toks.get(tp).equals(":=");
      tp++;
      if (!declare) {
        for (String v : vars) {
          if (!declared.contains(v)) {
            throw error("undefined variable " + v);
          }
        }
      }
    } else {
      vars.clear();
      tp = save;
    }
    List<Command> cmds = new ArrayList<>();
    while (true) {
      List<Arg> args = new ArrayList<>();
      while (tp < toks.size()) {
        String t = toks.get(tp);
        if (t.equals("|") || t.equals(")")) {
          break;
        }
        args.add(operand());
      }
      if (args.isEmpty()) {
        throw error("missing command");
      }
      cmds.add(new Command(args));
      if (tp < toks.size() && toks.get(tp).equals("|")) {
        tp++;
        continue;
      }
      break;
    }
    if (declare) {
      declared.addAll(vars);
    }
    if (!inParens && tp < toks.size() && toks.get(tp).equals(")")) {
      throw error("unexpected ')'");
    }
    return new Pipeline(vars, declare, cmds);
  }

  private Arg operand() {
    String t = toks.get(tp++);
    if (t.equals("(")) {
      Pipeline p = pipe(true);
      if (tp >= toks.size() || !toks.get(tp).equals(")")) {
        throw error("unclosed '('");
      }
      tp++;
      List<String> chain = new ArrayList<>();
      while (tp < toks.size() && toks.get(tp).startsWith(".") && toks.get(tp).length() > 1) {
        chain.addAll(chain(toks.get(tp++)));
      }
      return new Sub(p, chain);
    }
    if (t.equals(".")) {
      return new Dot();
    }
    if (t.startsWith(".")) {
      return new Field(chain(t));
    }
    if (t.startsWith("$")) {
      int dot = t.indexOf('.');
      String name = dot < 0 ? t : t.substring(0, dot);
      if (!declared.contains(name)) {
        throw error("undefined variable " + name);
      }
      return new Variable(name, dot < 0 ? List.of() : chain(t.substring(dot)));
    }
    if (t.startsWith("\"")) {
      return new Literal(unquote(t));
    }
    if (t.startsWith("`")) {
      return new Literal(t.substring(1, t.length() - 1));
    }
    if (t.startsWith("'")) {
      return new Literal((long) unquote("\"" + t.substring(1, t.length() - 1) + "\"").charAt(0));
    }
    if (t.equals("true") || t.equals("false")) {
      return new Literal(Boolean.valueOf(t));
    }
    if (t.equals("nil")) {
      return new Literal(null);
    }
    char c = t.charAt(0);
    if (Character.isDigit(c) || c == '-' || c == '+') {
      try {
        if (t.matches("[-+]?\\d+")) {
          return new Literal(Long.parseLong(t));
        }
        if (t.matches("[-+]?0[xX][0-9a-fA-F]+")) {
          return new Literal(Long.decode(t));
        }
        return new Literal(Double.parseDouble(t));
      } catch (NumberFormatException e) {
        throw error("bad number syntax: " + t);
      }
    }
    if (Character.isLetter(c) || c == '_') {
      if (!TemplateExec.isFunction(t)) {
        throw error("function \"" + t + "\" not defined");
      }
      return new Function(t);
    }
    throw error("unexpected '" + t + "'");
  }

  private List<String> chain(String t) {
    List<String> out = new ArrayList<>();
    for (String part : t.substring(1).split("\\.", -1)) {
      if (part.isEmpty()) {
        throw error("bad field reference '" + t + "'");
      }
      out.add(part);
    }
    return out;
  }

  private String unquote(String t) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = t.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case '\\' -> b.append('\\');
        case '"' -> b.append('"');
        case '\'' -> b.append('\'');
        case 'u' -> {
          b.append((char) Integer.parseInt(t.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw error("unknown escape \\" + e);
      }
    }
    return b.toString();
  }

  private List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == '|' || c == ',') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == ':' && s.startsWith(":=", i)) {
        out.add(":=");
        i += 2;
      } else if (c == '=') {
        out.add("=");
        i++;
      } else if (c == '"' || c == '`' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && c != '`') {
            j++;
          }
          j++;
        }
        if (j >= s.length()) {
          throw error("unterminated quoted string");
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && "()|,=\"`'".indexOf(s.charAt(j)) < 0
            && !s.startsWith(":=", j)) {
          j++;
        }
        if (j == i) {
          throw error("unexpected '" + c + "'");
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
