package dev.gatehouse.server;

import dev.gatehouse.admin.AdminServices;
import dev.gatehouse.batch.BatchService;
import dev.gatehouse.cache.ResponseCache;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.guardrail.stage.GuardrailCatalog;
import dev.gatehouse.mcp.McpGateway;
import dev.gatehouse.metering.RequestListener;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.observability.GatewayMetrics;
import dev.gatehouse.responsestore.ResponseArchive;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.tracing.Tracing;
import dev.gatehouse.ui.UiServices;
import dev.gatehouse.usage.Cost;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What an HTTP front serves from: the live state and the services its stages and endpoints use.
 * The gateway hands every front the same parts; the warm-up ({@link Rehearsal}) builds throwaway
 * ones, so its requests reach none of the gateway's keys, counters, usage records or metrics.
 *
 * @param admin the admin API's services, or {@code null} for a front without the admin API
 * @param ready what {@code /readyz} reports
 * @param clock the time and timers of every stage and of the upstream client
 * @param adapters the adapter of each provider dialect
 * @param cache the response cache
 * @param responses the kept responses of the Responses API
 * @param tracing the tracer of request spans ({@link Tracing#off()} when traces are off)
 * @param guardrails the guardrails of the config in force
 * @param mcp the tool servers behind {@code /mcp}
 * @param ui the dashboard's services, or {@code null} for a front without the dashboard
 * @param alertSignals told of every finished request, for the alert rules (latency, spend)
 * @param batches the Files and Batch API, or {@code null} for a front without it
 */
record FrontParts(
        Supplier<GatewayState> state,
        UsageRecorder recorder,
        Cost cost,
        GatewayMetrics metrics,
        CounterState counters,
        @Nullable AdminServices admin,
        ConnectionCounts connections,
        Supplier<Readiness> ready,
        GatewayClock clock,
        ProviderAdapters adapters,
        ResponseCache cache,
        ResponseArchive responses,
        Tracing tracing,
        GuardrailCatalog guardrails,
        McpGateway mcp,
        @Nullable UiServices ui,
        RequestListener alertSignals,
        @Nullable BatchService batches) {}
