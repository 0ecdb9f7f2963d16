/**
 * OpenTelemetry traces: one trace per request (a server span, a span per working stage, a client
 * span per upstream attempt), its GenAI attributes from the usage record, and the SDK with its
 * batching OTLP/HTTP exporter.
 */
@NullMarked
package dev.gatehouse.tracing;

import org.jspecify.annotations.NullMarked;
