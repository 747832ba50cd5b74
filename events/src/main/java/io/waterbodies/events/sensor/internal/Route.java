package io.waterbodies.events.sensor.internal;

/**
 * One (trigger, dependency) pair: a durable subscription of the dependency's subject whose events
 * go to the trigger (Argo's sensor also uses one durable consumer per pair).
 *
 * @param dependency the compiled dependency
 * @param trigger the trigger at run time
 * @param subject the bus subject of the dependency's events
 * @param durable the durable name, {@code <sensor>-<trigger>-<dependency>}
 */
record Route(
    CompiledDependency dependency, TriggerRuntime trigger, String subject, String durable) {
  String dependencyName() {
    return dependency.spec().name();
  }
}
