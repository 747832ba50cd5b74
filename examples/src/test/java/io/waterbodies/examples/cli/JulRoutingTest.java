package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** JUL records (Apache SIS's) come out through slf4j in the command line's one format. */
class JulRoutingTest {
  @Test
  void julRecordsGoThroughSlf4j() {
    JulRouting.install();
    JulRouting.install();
    Handler[] handlers = LogManager.getLogManager().getLogger("").getHandlers();
    assertThat(handlers).hasSize(1);
    assertThat(handlers[0]).isInstanceOf(SLF4JBridgeHandler.class);
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      java.util.logging.Logger.getLogger("org.apache.sis.storage.geotiff")
          .warning("a GeoKey was ignored");
    } finally {
      System.setErr(err);
    }
    // slf4j-simple's format: "[thread] WARN logger - message", not JUL's two-line console form.
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("WARN org.apache.sis.storage.geotiff - a GeoKey was ignored")
        .doesNotContain("WARNING:");
  }
}
