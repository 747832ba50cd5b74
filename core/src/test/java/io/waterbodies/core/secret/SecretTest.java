package io.waterbodies.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
  record Config(String host, Secret password) {}

  @Test
  void neverPrintsItsValue() {
    Secret s = Secret.of("hunter2");
    assertThat(s.toString()).isEqualTo("****");
    assertThat(new Config("h", s).toString()).doesNotContain("hunter2");
    assertThat(s.reveal()).isEqualTo("hunter2");
    assertThat(s).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("other"));
  }

  @Test
  void redactsCredentialsInUrisTokensAndParameters() {
    assertThat(Redaction.redact("connect redis://default:hunter2@127.0.0.1:6379/0 failed"))
        .isEqualTo("connect redis://default:****@127.0.0.1:6379/0 failed")
        .doesNotContain("hunter2");
    assertThat(Redaction.redact("redis://:hunter2@h:1")).isEqualTo("redis://:****@h:1");
    assertThat(Redaction.redact("nats://s3cr3ttoken@host:4222")).isEqualTo("nats://****@host:4222");
    assertThat(Redaction.redact("Authorization: Bearer abc.def-ghi"))
        .isEqualTo("Authorization: Bearer ****");
    assertThat(Redaction.redact("https://x/y.tif?sig=abcd&se=1"))
        .isEqualTo("https://x/y.tif?sig=****&se=1");
    assertThat(Redaction.redact("https://example.com/a")).isEqualTo("https://example.com/a");
  }
}
