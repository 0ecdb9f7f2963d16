package dev.gatehouse.server;

import dev.gatehouse.cache.AnswerStore;
import dev.gatehouse.cache.CacheEmbedders;
import dev.gatehouse.cache.MemoryAnswerStore;
import dev.gatehouse.cache.RedisAnswerStore;
import dev.gatehouse.cache.ResponseCache;
import dev.gatehouse.cache.SemanticIndex;
import dev.gatehouse.cache.semantic.TextEmbedder;
import dev.gatehouse.config.CacheSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.routing.ModelTable;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds the gateway's one {@link ResponseCache} at start: entries in memory (Caffeine, sized by
 * {@code cache.max_entries}) or, with {@code state: redis}, in the shared Redis; the vector index in
 * this process either way; the built-in embedder made on first use, or an embeddings model of the
 * gateway's own ({@code semantic.embedding_model}). A semantic cache section with no embedder to run
 * is refused here, rather than quietly serving only exact matches.
 */
final class ResponseCaches {

    private ResponseCaches() {}

    /**
     * @param state the live state, which embeddings through a gateway model run on
     * @param adapters the provider adapters, for those embeddings
     */
    static ResponseCache of(
            Vertx vertx,
            GatewayClock clock,
            GatewayConfig config,
            @Nullable Redis redis,
            CacheWiring wiring,
            Supplier<GatewayState> state,
            ProviderAdapters adapters) {
        long maxEntries = config.cache().maxEntries();
        SemanticIndex index = new SemanticIndex(maxEntries);
        AnswerStore store = redis != null
                ? new RedisAnswerStore(redis, config.state().keyPrefix(), maxEntries, index, clock)
                : new MemoryAnswerStore(clock, maxEntries, index);
        Supplier<@Nullable TextEmbedder> builtIn =
                memoized(() -> wiring.builtIn().apply(vertx));
        Map<String, TextEmbedder> throughGateway = new ConcurrentHashMap<>();
        CacheEmbedders embedders = model -> model == null
                ? builtIn.get()
                : throughGateway.computeIfAbsent(
                        model, m -> new GatewayModelEmbedder(vertx, clock, state, adapters, m));
        for (String problem : unservable(config, embedders)) {
            throw new IllegalStateException(problem);
        }
        return new ResponseCache(store, index, wiring.meaningCheck(), embedders, clock);
    }

    /** The semantic sections no embedder can serve, as config problems. */
    static List<String> unservable(GatewayConfig config, CacheEmbedders embedders) {
        List<String> problems = new ArrayList<>();
        ModelTable table = new ModelTable(config);
        check("cache", config.cache(), embedders, table, problems);
        for (ModelGroup group : config.models()) {
            if (group.cache() != null) {
                check("models[" + group.name() + "].cache", group.cache(), embedders, table, problems);
            }
        }
        return problems;
    }

    private static void check(
            String path, CacheSettings settings, CacheEmbedders embedders, ModelTable table, List<String> problems) {
        if (settings.mode() != CacheSettings.Mode.SEMANTIC) {
            return;
        }
        if (settings.embeddingModel() != null) {
            if (table.group(settings.embeddingModel()) == null) {
                problems.add(path + ".semantic.embedding_model: names '" + settings.embeddingModel()
                        + "', which is not a model of this gateway");
            }
        } else if (embedders.forModel(null) == null) {
            problems.add(path + ".mode: semantic needs an embedder and this build has no built-in one;"
                    + " use mode: exact");
        }
    }

    private static <T> Supplier<@Nullable T> memoized(Supplier<@Nullable T> make) {
        return new Supplier<>() {
            private boolean made;
            private @Nullable T value;

            @Override
            public synchronized @Nullable T get() {
                if (!made) {
                    value = make.get();
                    made = true;
                }
                return value;
            }
        };
    }
}
