/**
 * Alerts: rules evaluated on a timer over the gateway's own signals (budget spend, deployment
 * outcomes, breakers, latency, cost, the usage backlog), alert state that fires once per condition
 * and resolves once, once-only delivery across instances, and webhook delivery (JSON with an HMAC
 * signature, Slack, PagerDuty Events v2) with retries that never touch a request.
 */
@NullMarked
package dev.gatehouse.alerts;

import org.jspecify.annotations.NullMarked;
