package io.waterbodies.events.k8s;

import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerFactory;
import io.waterbodies.events.sensor.TriggerSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a sensor's {@code k8s} triggers ({@link KubernetesTrigger}) and {@code argoWorkflow}
 * triggers ({@link ArgoWorkflowTrigger}) over one Kubernetes client; other kinds get no
 * implementation from it (combine with {@link TriggerFactory#or}).
 *
 * <pre>{@code
 * ArgoKubernetes k8s = ArgoKubernetes.fromEnvironment().build();
 * Sensor sensor = Sensor.builder()
 *     .spec(SensorSpec.read(Path.of("sensor.yaml")))
 *     .triggerFactory(KubernetesTriggerFactory.of(k8s).or(TriggerFactory.logOnly()))
 *     .build()
 *     .start();
 * }</pre>
 */
public final class KubernetesTriggerFactory implements TriggerFactory {
  private final ArgoKubernetes k8s;
  private final String namespace;

  private KubernetesTriggerFactory(ArgoKubernetes k8s, String namespace) {
    this.k8s = Objects.requireNonNull(k8s, "k8s");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** A factory whose triggers talk to {@code k8s} (objects without a namespace go to its). */
  public static KubernetesTriggerFactory of(ArgoKubernetes k8s) {
    return new KubernetesTriggerFactory(k8s, k8s.namespace());
  }

  /** A copy whose triggers put objects without a namespace into {@code ns}. */
  public KubernetesTriggerFactory namespace(String ns) {
    return new KubernetesTriggerFactory(k8s, ns);
  }

  /**
   * The trigger for a {@code k8s} or {@code argoWorkflow} spec.
   *
   * @throws io.waterbodies.events.sensor.SensorSpecException when the spec asks for an operation or
   *     option that is not supported
   */
  @Override
  public Optional<Trigger> create(TriggerSpec spec) {
    return switch (spec.kind()) {
      case "k8s" -> Optional.of(KubernetesTrigger.of(k8s, namespace, spec));
      case "argoWorkflow" -> Optional.of(ArgoWorkflowTrigger.of(k8s, namespace, spec));
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    return "KubernetesTriggerFactory{" + k8s + ", namespace=" + namespace + "}";
  }
}
