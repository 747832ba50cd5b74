package io.waterbodies.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** One test per form a credential takes in a log line or message. */
class RedactionTest {
  @Test
  void passwordWithSlashInAUri() {
    assertThat(Redaction.redact("cannot connect to redis://default:pa/ss@10.0.0.1:6379/0 now"))
        .isEqualTo("cannot connect to redis://default:****@10.0.0.1:6379/0 now");
    assertThat(Redaction.redact("https://u:a/b/c@host/path")).isEqualTo("https://u:****@host/path");
  }

  @Test
  void passwordWithARawAtSignInAUri() {
    assertThat(Redaction.redact("redis://user:p@ss@host:6379"))
        .isEqualTo("redis://user:****@host:6379");
    assertThat(Redaction.redact("nats://tok@en@host:4222")).isEqualTo("nats://****@host:4222");
  }

  @Test
  void atSignsInPathsAndPortsAreNotMistakenForCredentials() {
    assertThat(Redaction.redact("https://host:8080/a@b")).isEqualTo("https://host:8080/a@b");
    assertThat(Redaction.redact("https://host/pkg@1.2?x=y@z"))
        .isEqualTo("https://host/pkg@1.2?x=y@z");
    assertThat(Redaction.redact("mail me: a@b.org")).isEqualTo("mail me: a@b.org");
  }

  @Test
  void severalUrisInOneLine() {
    assertThat(Redaction.redact("redis://a:one@h1 and nats://b:two@h2"))
        .isEqualTo("redis://a:****@h1 and nats://b:****@h2");
  }

  @Test
  void basicAuthorizationHeaders() {
    String b64 =
        Base64.getEncoder().encodeToString("alice:wonder/land".getBytes(StandardCharsets.UTF_8));
    assertThat(Redaction.redact("Authorization: Basic " + b64))
        .isEqualTo("Authorization: Basic ****");
    assertThat(Redaction.redact("headers {authorization=[Basic " + b64 + "]}"))
        .isEqualTo("headers {authorization=[Basic ****]}");
    // Basic credentials outside a header line are recognised by decoding them.
    assertThat(Redaction.redact("sent basic " + b64)).isEqualTo("sent basic ****");
    assertThat(Redaction.redact("basic authentication failed"))
        .isEqualTo("basic authentication failed");
  }

  @Test
  void otherAuthorizationSchemes() {
    assertThat(Redaction.redact("Authorization: token ghp_abc123"))
        .isEqualTo("Authorization: token ****");
    assertThat(Redaction.redact("Proxy-Authorization: Digest xyz"))
        .isEqualTo("Proxy-Authorization: Digest ****");
  }

  @Test
  void jsonPasswordTokenAndSecretFields() {
    assertThat(Redaction.redact("{\"user\": \"bob\", \"password\": \"p\\\"w/@d\", \"n\": 1}"))
        .isEqualTo("{\"user\": \"bob\", \"password\": \"****\", \"n\": 1}");
    assertThat(Redaction.redact("{\"access_token\":\"eyJ.x.y\",\"token\":\"t\"}"))
        .isEqualTo("{\"access_token\":\"****\",\"token\":\"****\"}");
    assertThat(Redaction.redact("{\"client_secret\": \"s\", \"pin-password\": 1234}"))
        .isEqualTo("{\"client_secret\": \"****\", \"pin-password\": \"****\"}");
    assertThat(Redaction.redact("{\"tokenizer\": \"simple\", \"secretary\": \"x\"}"))
        .isEqualTo("{\"tokenizer\": \"simple\", \"secretary\": \"x\"}");
  }

  @Test
  void queryParametersAndNull() {
    assertThat(Redaction.redact("https://h/x?password=a/b@c&ok=1"))
        .isEqualTo("https://h/x?password=****&ok=1");
    assertThat(Redaction.redact(null)).isNull();
  }
}
