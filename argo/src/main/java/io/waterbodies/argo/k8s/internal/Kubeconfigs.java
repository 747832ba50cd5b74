package io.waterbodies.argo.k8s.internal;

import io.waterbodies.argo.k8s.KubeconfigException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the client configuration as {@code kubectl} does. */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  /**
   * The {@code kubeconfig} given, else {@code $KUBECONFIG}, else {@code ~/.kube/config} when it
   * exists, else the in-cluster service account.
   *
   * @throws KubeconfigException when there is none of these
   */
  public static ApiServer auto(Optional<Path> kubeconfig) {
    if (kubeconfig.isPresent()) {
      return ApiServer.kubeconfig(kubeconfig.get());
    }
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return ApiServer.kubeconfig(fromEnvironment());
    }
    Path home = home();
    if (Files.isRegularFile(home)) {
      return ApiServer.kubeconfig(home);
    }
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      return ApiServer.inCluster();
    }
    throw new KubeconfigException(
        "no Kubernetes configuration: pass --kubeconfig FILE, set KUBECONFIG, create "
            + home
            + ", or run in a pod with a service account",
        "Kubernetes client configuration",
        null);
  }

  /** The first file of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
  public static Path fromEnvironment() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(File.pathSeparator)[0]);
    }
    return home();
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }
}
