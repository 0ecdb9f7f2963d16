/**
 * Gatehouse as a Java library: {@link dev.gatehouse.embed.Gatehouse#builder()} starts the gateway
 * inside an application, with config from a file, a YAML string or code, and the application's own
 * provider adapters, guardrails and usage sinks plugged in through the SPIs.
 */
@NullMarked
package dev.gatehouse.embed;

import org.jspecify.annotations.NullMarked;
