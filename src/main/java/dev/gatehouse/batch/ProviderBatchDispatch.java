package dev.gatehouse.batch;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.config.BatchApiSettings;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.Prices;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.usage.Cost;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Objects;

/**
 * Pipeline stage in dispatch's place for batch lines: a chat line whose plan starts with a deployment
 * that has {@code batch_api} goes to that provider's batch API through {@link ProviderBatches}
 * (no retry or fallback: the provider runs it within its window), priced at the deployment's prices
 * less {@code batch_discount}; any other request goes to the usual dispatch. The answer is
 * translated back by the deployment's own adapter, so the stages before it (budgets, limits, the
 * usage record) see an answer as from a single call, with the provider's token counts.
 */
public final class ProviderBatchDispatch implements Interceptor {

    private final Interceptor dispatch;
    private final ProviderAdapters adapters;
    private final Cost cost;
    private final ProviderBatches batches;

    public ProviderBatchDispatch(Interceptor dispatch, ProviderAdapters adapters, Cost cost, ProviderBatches batches) {
        this.dispatch = dispatch;
        this.adapters = adapters;
        this.cost = cost;
        this.batches = batches;
    }

    /**
     * Whether lines of this model may wait in a provider batch, so the runner lets them all in at once
     * rather than {@code batches.concurrency} at a time: some deployment of the model's group has a
     * batch API.
     */
    public static boolean mayPark(ModelGroup group) {
        return group.deployments().stream().anyMatch(d -> d.batchApi() != null);
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        LineRunner.Call line = ex.find(BatchCaller.LINE);
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        RoutePlan plan = ex.find(RoutePlan.KEY);
        if (line == null
                || request == null
                || plan == null
                || plan.candidates().isEmpty()
                || request.endpoint() != Endpoint.CHAT_COMPLETIONS) {
            return dispatch.intercept(ex, chain);
        }
        Candidate first = plan.candidates().get(0);
        BatchApiSettings api = first.deployment().batchApi();
        String baseUrl = first.provider().baseUrl();
        if (api == null || baseUrl == null) {
            return dispatch.intercept(ex, chain);
        }
        Candidate batched = discounted(ex, first, api);
        // Budgets and the usage record price the deployment that answered from the plan on the exchange.
        ex.put(RoutePlan.KEY, new RoutePlan(plan.publicModel(), List.of(batched), plan.tier()));
        Route route = batched.route(plan.publicModel());
        ex.put(Route.KEY, route);
        ex.put(DispatchOutcome.KEY, new DispatchOutcome(1, batched.id(), false));
        ProviderAdapter adapter = adapters.forProvider(route.provider());
        UpstreamRequest single = adapter.toUpstream(request, route);
        ProviderBatches.Line bound = new ProviderBatches.Line(
                line.batchId(),
                line.line().customId(),
                batched.id(),
                route.provider().type(),
                ProviderCall.of(route.provider().name(), baseUrl, single),
                single.body(),
                api.pollInterval());
        return batches.run(bound).compose(outcome -> {
            if (outcome instanceof ProviderBatchApi.Unrun u) {
                return Future.failedFuture(unrun(u.code()));
            }
            ProviderBatchApi.Answered a = (ProviderBatchApi.Answered) outcome;
            if (a.status() / 100 != 2) {
                return Future.failedFuture(
                        adapter.toError(route, a.status(), MultiMap.caseInsensitiveMultiMap(), a.body()));
            }
            return Future.succeededFuture(adapter.fromUpstream(request, route, a.body()));
        });
    }

    /** The candidate at its list prices less the batch discount (unpriced stays unpriced). */
    private Candidate discounted(Exchange ex, Candidate c, BatchApiSettings api) {
        Prices list = cost.prices(
                c.deployment().prices(), c.upstreamModel(), ex.config().usage().prices());
        return new Candidate(
                c.group(),
                c.deployment().withPrices(list == null ? null : list.times(1 - api.discount())),
                c.provider(),
                c.upstreamModel(),
                c.stats(),
                c.fallback());
    }

    private static GatewayError unrun(String code) {
        boolean expired = Objects.equals(code, "batch_expired");
        return GatewayError.of(
                expired ? ErrorKind.TIMEOUT : ErrorKind.SERVER_ERROR,
                expired
                        ? "This request could not be executed before the completion window expired."
                        : "The batch was cancelled before this request was executed.",
                null,
                code);
    }
}
