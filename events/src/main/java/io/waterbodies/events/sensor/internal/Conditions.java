package io.waterbodies.events.sensor.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A trigger's dependency condition, Argo's {@code conditions}: dependency names combined with
 * {@code &&}, {@code ||} and parentheses ({@code &&} binds tighter). Without {@code conditions} a
 * trigger waits for all of the sensor's dependencies ({@link #allOf}), as Argo's sensor does. A
 * condition without {@code &&} fires on each event of any of its dependencies; one with {@code &&}
 * holds the events that arrived until the condition is true (Argo's {@code requiresANDLogic}).
 */
public final class Conditions {
  private final String text;
  private final Predicate<Set<String>> test;
  private final List<String> names;

  private Conditions(String text, Predicate<Set<String>> test, Set<String> names) {
    this.text = text;
    this.test = test;
    this.names = List.copyOf(names);
  }

  /** Every one of {@code dependencies} (Argo's default: their names joined with {@code &&}). */
  public static Conditions allOf(List<String> dependencies) {
    return parse(String.join(" && ", dependencies), dependencies);
  }

  /**
   * Parses a condition.
   *
   * @param known the sensor's dependency names
   * @throws IllegalArgumentException naming the position of a syntax error or an unknown name
   */
  public static Conditions parse(String text, List<String> known) {
    Parser p = new Parser(text, known);
    Predicate<Set<String>> t = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw new IllegalArgumentException(
          "unexpected '" + text.charAt(p.pos) + "' at position " + p.pos + " of conditions");
    }
    if (p.names.isEmpty()) {
      throw new IllegalArgumentException("conditions name no dependency");
    }
    return new Conditions(text.trim(), t, p.names);
  }

  /** True when the dependencies that have an event satisfy the condition. */
  public boolean test(Set<String> present) {
    return test.test(present);
  }

  /** The dependency names the condition uses, in order of appearance. */
  public List<String> dependencies() {
    return names;
  }

  /**
   * True when one event alone cannot always satisfy the condition (it contains {@code &&}), so
   * events are held until their partners arrive.
   */
  public boolean waitsForPartners() {
    return text.contains("&&");
  }

  @Override
  public String toString() {
    return text;
  }

  private static final class Parser {
    final String s;
    final List<String> known;
    final Set<String> names = new LinkedHashSet<>();
    int pos;
    int depth;

    Parser(String s, List<String> known) {
      this.s = s;
      this.known = known;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(String op) {
      skipSpace();
      if (s.startsWith(op, pos)) {
        pos += op.length();
        return true;
      }
      return false;
    }

    Predicate<Set<String>> or() {
      Predicate<Set<String>> left = and();
      while (eat("||")) {
        left = left.or(and());
      }
      return left;
    }

    Predicate<Set<String>> and() {
      Predicate<Set<String>> left = atom();
      while (eat("&&")) {
        left = left.and(atom());
      }
      return left;
    }

    Predicate<Set<String>> atom() {
      if (eat("(")) {
        if (++depth > 100) {
          throw new IllegalArgumentException("conditions nest deeper than 100 parentheses");
        }
        Predicate<Set<String>> inner = or();
        if (!eat(")")) {
          throw new IllegalArgumentException("missing ')' at position " + pos + " of conditions");
        }
        depth--;
        return inner;
      }
      skipSpace();
      int start = pos;
      while (pos < s.length()
          && (Character.isLetterOrDigit(s.charAt(pos))
              || s.charAt(pos) == '-'
              || s.charAt(pos) == '_'
              || s.charAt(pos) == '.')) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException(
            "expected a dependency name at position " + start + " of conditions");
      }
      String name = s.substring(start, pos);
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "conditions name an unknown dependency '" + name + "' (known: " + known + ")");
      }
      names.add(name);
      return present -> present.contains(name);
    }
  }
}
