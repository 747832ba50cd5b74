package io.waterbodies.argo.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client-java is optional: without it, ArgoKubernetes says which artifact to add. */
class ClientJavaOptionalTest {
  @Test
  void withoutClientJavaTheBuilderNamesTheArtifact() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("io/kubernetes")
          && !entry.contains("io" + File.separator + "kubernetes")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(
              () -> Class.forName("io.kubernetes.client.openapi.ApiClient", false, loader))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> k8s = Class.forName(ArgoKubernetes.class.getName(), true, loader);
      Object builder = k8s.getMethod("fromKubeconfig").invoke(null);
      Method build = builder.getClass().getMethod("build");
      assertThatThrownBy(() -> invoke(build, builder))
          .satisfies(
              e ->
                  assertThat(e.getClass().getName())
                      .isEqualTo(KubernetesClientMissingException.class.getName()))
          .hasMessageContaining("io.kubernetes:client-java");
    }
  }

  @Test
  void theCheckPassesWhenTheClientIsPresent() {
    ArgoKubernetes.requireClient(ArgoKubernetes.class.getClassLoader());
    assertThatThrownBy(() -> ArgoKubernetes.requireClient(ClassLoader.getPlatformClassLoader()))
        .isInstanceOf(KubernetesClientMissingException.class)
        .hasMessageContaining(KubernetesClientMissingException.ARTIFACT);
  }

  private static Object invoke(Method m, Object target) throws Throwable {
    try {
      return m.invoke(target);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
