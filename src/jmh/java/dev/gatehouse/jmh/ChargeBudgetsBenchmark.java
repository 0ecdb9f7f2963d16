package dev.gatehouse.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.budget.BudgetAlerts;
import dev.gatehouse.budget.ChargeBudgets;
import dev.gatehouse.budget.MemoryBudgetLedger;
import dev.gatehouse.budget.Pricing;
import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.DeploymentOrder;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.HeuristicComplexityClassifier;
import dev.gatehouse.routing.ModelTable;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.routing.RoutePlanner;
import dev.gatehouse.usage.Cost;
import dev.gatehouse.usage.PriceTable;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the budget stage costs per request on the event loop, reservation and settle: the bench's
 * "Say hello" request (max_tokens 16) by a key in a team with a monthly budget far from its cap,
 * against the memory ledger, answered at once with usage by the next stage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChargeBudgetsBenchmark {

    private static final Reply ANSWER = new Reply.Unary(
            200, Buffer.buffer("{}"), new Usage(9, 0, 9, 0, false), null, Reply.Unary.JSON);
    private static final Interceptor.Chain UPSTREAM = ex -> Future.succeededFuture(ANSWER);

    private GatewayConfig config;
    private CanonicalRequest request;
    private Principal principal;
    private RoutePlan plan;
    private ChargeBudgets stage;
    private long requests;

    @Setup
    public void setUp() throws Exception {
        TokenCounter.load();
        config = new ConfigLoader(Map.of())
                .parse(
                        "providers:\n  upstream:\n    type: openai\n    base_url: http://127.0.0.1:9/v1\n"
                                + "models:\n  - name: gpt-4o-mini\n    provider: upstream\n",
                        "bench.yaml");
        request = ChatRequestValidator.validate(
                (ObjectNode) Json.parse("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"),
                null);
        Limits team = new Limits(null, null, null, null, null, 1_000_000.0, BudgetPeriod.MONTH, null);
        principal = new Principal(
                "key-1",
                false,
                List.of(),
                null,
                "bench",
                Limits.NONE,
                Limits.NONE,
                team,
                Principal.defaultOptions(false),
                GuardrailPolicy.UNSET,
                GuardrailPolicy.UNSET);
        DeploymentRegistry registry =
                new DeploymentRegistry(InstantSource.system(), RouterSettings.BreakerSettings::defaults);
        RoutePlanner planner = new RoutePlanner(
                new ModelTable(config),
                config.providers(),
                registry,
                new DeploymentOrder(PriceTable.builtIn(), new Random(1)::nextDouble),
                new HeuristicComplexityClassifier(),
                type -> Set.of(Capability.EMBEDDINGS));
        plan = planner.plan(request, 9);
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        MemoryBudgetLedger ledger = new MemoryBudgetLedger();
        stage = new ChargeBudgets(() -> ledger, new Pricing(new Cost()), new BudgetAlerts(), InstantSource.fixed(now));
    }

    @Benchmark
    public Future<Reply> reserveAndSettle() {
        Exchange ex = new Exchange(
                "req_" + requests++, 0, IncomingRequest.internal("/v1/chat/completions"), config);
        ex.put(CanonicalRequest.KEY, request);
        ex.put(Principal.KEY, principal);
        ex.put(RoutePlan.KEY, plan);
        return stage.intercept(ex, UPSTREAM);
    }
}
