package io.waterbodies.argo.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.waterbodies.argo.model.Workflow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad kubeconfigs give typed errors; credentials never reach messages, logs or toString(). */
class KubeconfigTest {
  private static final String TOKEN = "kc-TOKEN-9f8e7d6c5b4a";
  private static final String PASSWORD = "kc-PASSWORD-1a2b3c";
  private static final String KEY = "a2MtQ0xJRU5ULUtFWS1EQVRBLXNlY3JldA==";

  @TempDir Path dir;

  private Path kubeconfig(String server, String user) throws Exception {
    Path f = dir.resolve("config");
    Files.writeString(
        f,
        """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: c
          cluster:
            server: %s
        contexts:
        - name: test
          context: {cluster: c, user: u, namespace: water}
        users:
        - name: u
          user:
        %s
        """
            .formatted(server, user));
    return f;
  }

  @Test
  void aMissingKubeconfigNamesTheFile() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> ArgoKubernetes.fromKubeconfig().kubeconfig(missing).build())
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ArgoKubernetes.fromEnvironment().kubeconfig(missing).build())
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void anUnreadableKubeconfigIsATypedError() {
    assertThatThrownBy(() -> ArgoKubernetes.fromKubeconfig().kubeconfig(dir).build())
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("cannot read the kubeconfig")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void anInvalidKubeconfigNeverQuotesItsCredentials() throws Exception {
    Path f = dir.resolve("broken");
    Files.writeString(
        f,
        "apiVersion: v1\nusers:\n- name: u\n  user:\n    token: "
            + TOKEN
            + "\n    password: "
            + PASSWORD
            + "\n  - [ : }\n");
    assertThatThrownBy(() -> ArgoKubernetes.fromKubeconfig().kubeconfig(f).build())
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageNotContaining(TOKEN)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void bogusClientKeyDataNeverAppearsInTheError() throws Exception {
    Path f =
        kubeconfig(
            "https://127.0.0.1:6443",
            "    client-certificate-data: " + KEY + "\n    client-key-data: " + KEY);
    assertThatThrownBy(() -> ArgoKubernetes.fromKubeconfig().kubeconfig(f).build())
        .isInstanceOf(KubeconfigException.class)
        .hasMessageNotContaining(KEY);
  }

  @Test
  void aTokenFromTheKubeconfigNeverLeaksThroughRefusalsLogsOrToString() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      server
          .expect()
          .post()
          .withPath("/apis/argoproj.io/v1alpha1/namespaces/water/workflows")
          .andReturn(
              403,
              "{\"kind\":\"Status\",\"reason\":\"Forbidden\",\"message\":\"workflows.argoproj.io is"
                  + " forbidden: User \\\"system:serviceaccount:water:sensor\\\" cannot create\"}")
          .once();
      Path f =
          kubeconfig(
              server.url("/").replaceAll("/$", ""),
              "    token: " + TOKEN + "\n    password: " + PASSWORD);
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ArgoKubernetes k8s = ArgoKubernetes.fromKubeconfig().kubeconfig(f).build();
      assertThat(k8s.namespace()).isEqualTo("water");
      assertThat(k8s.toString()).contains("context test").doesNotContain(TOKEN);
      Workflow wf = Workflow.builder().generateName("wb-").workflowTemplateRef("t").build();
      assertThatThrownBy(() -> k8s.submit(wf))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("Workflow water/wb-*")
          .hasMessageContaining("cannot create")
          .hasMessageNotContaining(TOKEN);
      assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    } finally {
      System.setErr(err);
      server.destroy();
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .doesNotContain(TOKEN)
        .doesNotContain(PASSWORD);
  }
}
