package io.waterbodies.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The name and version of this software, as stamped into result Items and shown by the CLI. */
public final class Software {
  /** The software name. */
  public static final String NAME = "waterbodies";

  private static final String VERSION = load();

  private Software() {}

  /** The SDK version from the build (e.g. {@code 0.1.0-SNAPSHOT}), or "development". */
  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Software.class.getResourceAsStream("waterbodies-version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // Fall through to the manifest.
    }
    String v = Software.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
