package dev.gatehouse.server;

import dev.gatehouse.metering.UsageService;
import dev.gatehouse.observability.GatewayMetrics;

/**
 * The process-wide counters {@code /metrics} reads from the gateway's services (usage cost and
 * writer, Redis health, client connections), registered once at start. Per-request families are
 * {@code observability.RequestMetrics}'.
 */
final class ServiceMetrics {

    private ServiceMetrics() {}

    static void register(
            GatewayMetrics metrics, UsageService usage, CounterState counters, ConnectionCounts connectionCounts) {
        metrics.counter(
                "gatehouse_unpriced_requests",
                "Requests whose model has no price (their cost is unknown)",
                usage.cost(),
                cost -> cost.unpriced());
        if (usage.writer() != null) {
            metrics.counter(
                    "gatehouse_usage_dead_letters",
                    "Usage records the store refused for their data, set aside in the spool directory's dead-letters.jsonl",
                    usage.writer(),
                    writer -> writer.deadLetters());
            metrics.gauge(
                    "gatehouse_usage_backlog_records",
                    "Usage records accepted but not yet in the usage store (staged, queued or spooled)",
                    usage.writer(),
                    writer -> writer.backlog());
            metrics.counter(
                    "gatehouse_usage_dropped",
                    "Usage records lost because the spool could not keep up",
                    usage.writer(),
                    writer -> writer.dropped());
            metrics.counter(
                    "gatehouse_usage_store_failures",
                    "Failed attempts to write a batch of usage records to the store",
                    usage.writer(),
                    writer -> writer.storeFailures());
        }
        metrics.gauge(
                "gatehouse_queue_depth",
                "Requests waiting in this instance for a limit that queues instead of refusing",
                counters.queue(),
                queue -> queue.depth());
        counters.queue()
                .observeWaits(metrics.timer(
                        "gatehouse_queue_wait", "How long requests admitted from a limit's queue waited for it"));
        metrics.counter(
                "gatehouse_redis_failures",
                "Failed operations on the Redis that holds limits and budgets",
                counters,
                state -> state.redisHealth() == null ? 0 : state.redisHealth().failures());
        metrics.counter(
                "gatehouse_client_connections_refused",
                "Client connections closed on arrival: server.max_connections were open",
                connectionCounts,
                counts -> counts.refused.get());
        metrics.counter(
                "gatehouse_client_connections_timed_out",
                "Client connections closed by the header, body or idle timeout",
                connectionCounts,
                counts -> counts.timedOut.get());
    }
}
