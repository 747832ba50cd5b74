package io.waterbodies.examples.cli;

import io.waterbodies.examples.Software;
import picocli.CommandLine.IVersionProvider;

/** Reports the SDK version from the build, or "development" when it is unknown. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {Software.NAME + " " + Software.version()};
  }
}
