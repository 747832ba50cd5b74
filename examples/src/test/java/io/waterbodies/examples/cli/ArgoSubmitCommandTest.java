package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArgoSubmitCommandTest {
  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void submitsToTheKubeconfigContextAndWatchesToCompletion(@TempDir Path dir) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String stored =
        "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":"
            + "\"hello-x1\",\"namespace\":\"eoap\",\"resourceVersion\":\"7\"},\"spec\":{},"
            + "\"status\":{\"phase\":\"Succeeded\"}}";
    api.createContext(
        "/",
        ex -> {
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI().getPath()
                  + " "
                  + ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body = stored.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 201 : 200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    api.start();
    try {
      Path kubeconfig = dir.resolve("config");
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          current-context: test
          contexts:
          - name: test
            context: {cluster: local, user: me, namespace: eoap}
          clusters:
          - name: local
            cluster: {server: "http://127.0.0.1:%d"}
          users:
          - name: me
            user: {token: kube-token-123}
          """
              .formatted(api.getAddress().getPort()));
      Path wf = dir.resolve("wf.yaml");
      Files.writeString(
          wf,
          """
          apiVersion: argoproj.io/v1alpha1
          kind: Workflow
          metadata: {generateName: hello-}
          spec: {workflowTemplateRef: {name: water-bodies-detection}}
          """);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          run(
              out,
              err,
              "argo",
              "submit",
              wf.toString(),
              "--watch",
              "--kubeconfig",
              kubeconfig.toString());
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("created Workflow eoap/hello-x1")
          .contains("Workflow hello-x1: Succeeded")
          .doesNotContain("kube-token-123");
      assertThat(seen.get(0))
          .isEqualTo(
              "POST /apis/argoproj.io/v1alpha1/namespaces/eoap/workflows Bearer kube-token-123");
    } finally {
      api.stop(0);
    }
  }

  @Test
  void missingKubeconfigIsAClearError(@TempDir Path dir) throws Exception {
    Path wf = dir.resolve("wf.yaml");
    Files.writeString(
        wf, "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: a}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "argo",
            "submit",
            wf.toString(),
            "--kubeconfig",
            dir.resolve("nope").toString());
    assertThat(code).isEqualTo(3);
    assertThat(err.toString())
        .contains("kubeconfig " + dir.resolve("nope"))
        .contains("the kubeconfig file does not exist");
  }
}
