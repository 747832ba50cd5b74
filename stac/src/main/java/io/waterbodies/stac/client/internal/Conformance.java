package io.waterbodies.stac.client.internal;

import io.waterbodies.stac.client.ConformanceClass;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Version-insensitive matching of {@code conformsTo} URIs against {@link ConformanceClass}es. */
public final class Conformance {
  private static final Pattern STAC_API =
      Pattern.compile("^https?://api\\.stacspec\\.org/v[^/]+/(.+?)/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern OGC =
      Pattern.compile(
          "^https?://www\\.opengis\\.net/spec/([^/]+)/[^/]+/conf/(.+?)/?$",
          Pattern.CASE_INSENSITIVE);

  private Conformance() {}

  /** True when any URI in {@code conformsTo} declares {@code cls}, whatever its version. */
  public static boolean matches(Collection<String> conformsTo, ConformanceClass cls) {
    for (String uri : conformsTo) {
      if (matches(uri, cls)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code uri} declares {@code cls}, whatever its version. */
  public static boolean matches(String uri, ConformanceClass cls) {
    String u = uri.trim();
    Matcher m = STAC_API.matcher(u);
    if (m.matches()) {
      String rest = m.group(1).toLowerCase(Locale.ROOT);
      return cls.stacSuffixes().contains(rest);
    }
    Matcher o = OGC.matcher(u);
    if (o.matches()) {
      String key = (o.group(1) + "/" + o.group(2)).toLowerCase(Locale.ROOT);
      return cls.ogcSuffixes().contains(key);
    }
    return false;
  }
}
