package io.waterbodies.argo.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The naming rules the SDK uses for Kubernetes objects, each in one place: the deterministic name
 * of a resource created for an event (so a redelivered event finds its resource already there
 * instead of creating a second one) and the REST plural of a kind.
 *
 * <p>This class does not need {@code io.kubernetes:client-java}.
 */
public final class ResourceNames {
  /** Hex characters of the key's hash appended to the prefix. */
  public static final int SUFFIX_LENGTH = 12;

  /**
   * The longest name produced: Argo copies a Workflow's name into label values, which Kubernetes
   * limits to 63 characters.
   */
  public static final int MAX_LENGTH = 63;

  // Argo Events' GetGroupVersionResource: gengo's lowercase plural namer with one exception.
  private static final Map<String, String> PLURAL_EXCEPTIONS = Map.of("EventBus", "eventbus");

  private ResourceNames() {}

  /**
   * A name that is the same for every call with the same key: the prefix (typically a {@code
   * generateName} such as {@code water-bodies-detection-}), made a valid DNS-1123 label part and
   * cut so the result has at most {@value #MAX_LENGTH} characters, followed by the first {@value
   * #SUFFIX_LENGTH} hex characters of the SHA-256 of the key. A prefix not ending in {@code -} gets
   * one.
   *
   * @param prefix the name prefix (may be empty: {@code workflow-} is used)
   * @param key the idempotency key, for example a sensor's key for one event
   */
  public static String deterministic(String prefix, String key) {
    String p = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    p = p.replaceAll("^[^a-z0-9]+", "");
    if (p.isEmpty()) {
      p = "workflow-";
    }
    if (!p.endsWith("-")) {
      p = p + "-";
    }
    if (p.length() > MAX_LENGTH - SUFFIX_LENGTH) {
      p = p.substring(0, MAX_LENGTH - SUFFIX_LENGTH);
    }
    return p + hash(key).substring(0, SUFFIX_LENGTH);
  }

  /**
   * The REST resource name (plural) of a kind, as Argo Events derives it for its {@code k8s}
   * trigger: lower case, {@code s/x/z} -> {@code es}, consonant + {@code y} -> {@code ies}, {@code
   * ch/sh} -> {@code es}, {@code fe/f} -> {@code ves}, else {@code s}; {@code EventBus} -> {@code
   * eventbus}.
   */
  public static String plural(String kind) {
    String exception = PLURAL_EXCEPTIONS.get(kind);
    if (exception != null) {
      return exception.toLowerCase(Locale.ROOT);
    }
    String s = kind;
    if (s.length() < 2) {
      return s.toLowerCase(Locale.ROOT);
    }
    char last = s.charAt(s.length() - 1);
    char before = s.charAt(s.length() - 2);
    String plural =
        switch (last) {
          case 's', 'x', 'z' -> s + "es";
          case 'y' -> consonant(before) ? s.substring(0, s.length() - 1) + "ies" : s + "s";
          case 'h' -> before == 'c' || before == 's' ? s + "es" : s + "s";
          case 'e' -> before == 'f' ? s.substring(0, s.length() - 2) + "ves" : s + "s";
          case 'f' -> s.substring(0, s.length() - 1) + "ves";
          default -> s + "s";
        };
    return plural.toLowerCase(Locale.ROOT);
  }

  private static boolean consonant(char c) {
    return "bcdfghjklmnpqrstvwxyz".indexOf(Character.toLowerCase(c)) >= 0;
  }

  private static String hash(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
