/** Dispatch: the dispatching stage, one request's attempts and retries, the upstream HTTP client and stream reader, health checks. */
@NullMarked
package dev.gatehouse.dispatch;

import org.jspecify.annotations.NullMarked;
