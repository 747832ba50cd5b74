package io.waterbodies.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the SDK version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = WaterbodiesCommand.class.getPackage().getImplementationVersion();
    return new String[] {"waterbodies " + (v == null ? "development" : v)};
  }
}
