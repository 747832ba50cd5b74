package io.waterbodies.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Threads are daemons, named after their role and numbered. */
class DaemonThreadsTest {
  @Test
  void namedNumberedDaemons() throws Exception {
    DaemonThreads f = DaemonThreads.named("sensor");
    Thread a = f.newThread(() -> {});
    Thread b = f.newThread(() -> {});
    assertThat(a.isDaemon()).isTrue();
    assertThat(a.getName()).isEqualTo("waterbodies-sensor-1");
    assertThat(b.getName()).isEqualTo("waterbodies-sensor-2");
    assertThat(a.getUncaughtExceptionHandler()).isNotSameAs(a.getThreadGroup());
    ExecutorService pool = Executors.newFixedThreadPool(1, DaemonThreads.named("pool"));
    try {
      Future<String> name = pool.submit(() -> Thread.currentThread().getName());
      assertThat(name.get()).isEqualTo("waterbodies-pool-1");
    } finally {
      pool.shutdownNow();
    }
  }
}
