package io.waterbodies.core.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or put into an exception: the user-info of URIs
 * ({@code redis://user:pass@host} becomes {@code redis://user:****@host}, also when the password
 * holds {@code /} or a raw {@code @}), bearer tokens, Basic credentials and other {@code
 * Authorization} values, {@code password=} / {@code token=} style parameters and JSON fields such
 * as {@code "password": "..."}, {@code "token": "..."} and {@code "secret": "..."}.
 *
 * <p>URIs are redacted by scanning them as RFC 3986 authorities rather than by one pattern, so that
 * the user-info ends at the last {@code @} of the authority whatever characters the password holds.
 */
public final class Redaction {
  private static final String MASK = "****";
  private static final Pattern SCHEME_START = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*\\[?[\"']?)([A-Za-z][A-Za-z0-9_-]*)([ \\t]+)([^\\s\"',\\]]+)");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern BASIC =
      Pattern.compile("(?i)(\\bbasic\\s+)([A-Za-z0-9+/]{4,}={0,2})");
  private static final String SECRET_NAMES =
      "(?:password|passwd|pass|pwd|token|secret|api[_-]?key|access[_-]?key|sig|signature"
          + "|credentials?|private[_-]?key)";
  private static final Pattern KEY_VALUE =
      Pattern.compile("(?i)(" + SECRET_NAMES + "=)[^&\\s\"']+");
  // A JSON member named like a secret ("password", "token", "secret", or a name ending in
  // "_token", "-secret", ...): a string value (escapes included) or a bare number.
  private static final Pattern JSON_MEMBER =
      Pattern.compile(
          "(?i)(\"(?:[A-Za-z0-9.]*[_-])?"
              + "(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key|private[_-]?key"
              + "|credentials?)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[-0-9.eE+]+)");

  private Redaction() {}

  /** The text with credentials masked; {@code null} stays {@code null}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = redactUserInfo(text);
    out = replaceAuthorization(out);
    out = BEARER.matcher(out).replaceAll("$1" + MASK);
    out = replaceBasic(out);
    out = KEY_VALUE.matcher(out).replaceAll("$1" + MASK);
    return replaceJson(out);
  }

  /** Masks the password (or a lone token) in the user-info of every {@code scheme://} URI. */
  private static String redactUserInfo(String text) {
    Matcher m = SCHEME_START.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    int copied = 0;
    while (m.find(copied)) {
      int start = m.end();
      int end = uriEnd(text, start);
      int at = userInfoEnd(text, start, end);
      sb.append(text, copied, start);
      if (at < 0) {
        sb.append(text, start, end);
      } else {
        String info = text.substring(start, at);
        int colon = info.indexOf(':');
        if (colon >= 0) {
          sb.append(info, 0, colon).append(':').append(MASK);
        } else if (!info.isEmpty()) {
          // A lone user-info part is usually a token (redis://token@host), so it is masked too.
          sb.append(MASK);
        }
        sb.append(text, at, end);
      }
      copied = end;
    }
    return sb.append(text, copied, text.length()).toString();
  }

  /** Where a URI starting at {@code from} ends: at white space, a quote or an angle bracket. */
  private static int uriEnd(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The index of the {@code @} ending the user-info in {@code text[start, end)}, or -1. The
   * user-info ends at the last {@code @} before the query or fragment; when a {@code /} comes
   * before that {@code @}, the part before the first {@code /} must look like {@code user:pass} (a
   * colon not followed by a port number alone), otherwise the {@code @} belongs to the path.
   */
  private static int userInfoEnd(String text, int start, int end) {
    int stop = end;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '?' || c == '#') {
        stop = i;
        break;
      }
    }
    int at = text.lastIndexOf('@', stop - 1);
    if (at < start) {
      return -1;
    }
    int slash = text.indexOf('/', start);
    if (slash < 0 || slash > at) {
      return at;
    }
    String first = text.substring(start, slash);
    int colon = first.indexOf(':');
    if (colon < 0) {
      return -1;
    }
    String afterColon = first.substring(colon + 1);
    boolean portOnly = !afterColon.isEmpty() && afterColon.chars().allMatch(Character::isDigit);
    return portOnly ? -1 : at;
  }

  /** Masks the credentials of {@code Authorization: <scheme> <credentials>}, keeping the scheme. */
  private static String replaceAuthorization(String text) {
    Matcher m = AUTHORIZATION.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3) + MASK));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Masks {@code Basic <base64 user:password>}, recognised by decoding it. */
  private static String replaceBasic(String text) {
    Matcher m = BASIC.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement = isBasicCredential(m.group(2)) ? m.group(1) + MASK : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static boolean isBasicCredential(String b64) {
    try {
      String decoded = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      return decoded.indexOf(':') >= 0;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static String replaceJson(String text) {
    if (text.indexOf('"') < 0) {
      return text;
    }
    Matcher m = JSON_MEMBER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
