/** Observability: the access log and the Prometheus metrics, both fed from each request's usage record. */
@NullMarked
package dev.gatehouse.observability;

import org.jspecify.annotations.NullMarked;
