/**
 * Sensor internals: the sensor engine (SensorEngine, SensorRunner) and the JetStream adapters of
 * its ports, GJSON-style paths, the expression and template evaluators, filter compilation,
 * parameter mapping and manifest reading. Not public API.
 */
package io.waterbodies.events.sensor.internal;
