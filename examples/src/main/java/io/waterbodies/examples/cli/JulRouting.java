package io.waterbodies.examples.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging records (Apache SIS logs that way) through slf4j, so that every line the
 * command line prints has one format. A library does not do this for its host: an application
 * embedding the detection module installs the bridge itself if it wants the same.
 */
final class JulRouting {
  private JulRouting() {}

  /** Replaces JUL's console handler by the slf4j bridge; calling it again changes nothing. */
  static synchronized void install() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
