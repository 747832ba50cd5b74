package io.waterbodies.detection.internal;

/**
 * Whether Apache SIS has the EPSG geodetic dataset, and what to add when it has not. Without it SIS
 * knows only WGS 84, Web Mercator and the WGS 84 UTM zones; every other EPSG code (NAD83, SIRGAS
 * 2000, ETRS89 ...) fails to resolve.
 */
public final class EpsgDataset {
  /** The Maven coordinates to add, as a user would type them. */
  public static final String ARTIFACTS =
      "org.apache.sis.non-free:sis-embedded-data and org.apache.derby:derby";

  private static final boolean PRESENT =
      loadable("org.apache.sis.resources.embedded.EmbeddedResources")
          && loadable("org.apache.derby.iapi.jdbc.EmbeddedDataSourceInterface");

  /**
   * Where Derby's boot messages go instead of a {@code derby.log} file in the working directory
   * (see {@link #quietDerby()}).
   */
  public static final java.io.OutputStream DERBY_LOG = java.io.OutputStream.nullOutputStream();

  private EpsgDataset() {}

  /**
   * Stops the Derby engine that reads the dataset from writing {@code derby.log} into the working
   * directory, unless the application configured Derby's log itself. Call before SIS first needs
   * the dataset.
   */
  public static void quietDerby() {
    if (System.getProperty("derby.stream.error.file") == null
        && System.getProperty("derby.stream.error.field") == null
        && System.getProperty("derby.stream.error.method") == null) {
      System.setProperty("derby.stream.error.field", EpsgDataset.class.getName() + ".DERBY_LOG");
    }
  }

  /** Whether the embedded EPSG dataset and the Derby engine that reads it are on the class path. */
  public static boolean present() {
    return PRESENT;
  }

  /**
   * A sentence to append to a CRS error: empty when the dataset is present (or SIS_DATA points to
   * one), else which artifacts to add.
   */
  public static String hint() {
    if (PRESENT || System.getenv("SIS_DATA") != null) {
      return "";
    }
    return " (Apache SIS has no EPSG geodetic dataset here: add "
        + ARTIFACTS
        + " to the class path; EPSG terms of use apply)";
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, EpsgDataset.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
