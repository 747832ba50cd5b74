package io.waterbodies.core.secret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or put into an exception: the user-info of URIs
 * ({@code redis://user:pass@host} becomes {@code redis://user:****@host}), bearer tokens, and
 * {@code password=} / {@code token=} style parameters.
 */
public final class Redaction {
  private static final String MASK = "****";
  private static final Pattern URI_USERINFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s:]*)(?::([^/@\\s]*))?@");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)((?:password|passwd|pass|token|secret|api[_-]?key|access[_-]?key|sig|signature)=)[^&\\s\"']+");

  private Redaction() {}

  /** The text with credentials masked; {@code null} stays {@code null}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = URI_USERINFO.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String user = m.group(2);
      String replacement;
      if (m.group(3) != null) {
        replacement = m.group(1) + user + ":" + MASK + "@";
      } else {
        // A lone user-info part is usually a token (redis://token@host), so it is masked too.
        replacement = m.group(1) + (user.isEmpty() ? "" : MASK) + "@";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    String out = BEARER.matcher(sb.toString()).replaceAll("$1" + MASK);
    return KEY_VALUE.matcher(out).replaceAll("$1" + MASK);
  }
}
