package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cache.CacheFilter;
import dev.gatehouse.cache.CacheStats;
import dev.gatehouse.cache.ResponseCache;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /admin/v1/cache}: how many entries the response cache holds now (shared ones with
 * Redis), and this instance's hits, misses, hit rate and money saved since it started.
 * {@code DELETE /admin/v1/cache}: deletes every entry, or those of {@code ?namespace=},
 * {@code ?model=} and {@code ?team=} (all given must match).
 */
final class CacheApi {

    private static final Set<String> FILTERS = Set.of("namespace", "model", "team");

    private final AdminServices services;

    CacheApi(AdminServices services) {
        this.services = services;
    }

    void status(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        ResponseCache cache = services.cache();
        cache.size().onComplete(size -> {
            if (size.failed()) {
                ErrorResponses.write(
                        ctx.response(),
                        GatewayError.of(
                                ErrorKind.UNAVAILABLE,
                                "The cache store cannot be reached.",
                                null,
                                "cache_unavailable"));
                return;
            }
            CacheStats s = cache.stats();
            ObjectNode out = Json.object();
            out.put("entries", size.result());
            out.put("hits", s.exactHits() + s.semanticHits());
            out.put("exact_hits", s.exactHits());
            out.put("semantic_hits", s.semanticHits());
            out.put("misses", s.misses());
            out.put("bypassed", s.bypassed());
            out.put("hit_rate", s.hitRate());
            out.put("saved_usd", s.savedUsd());
            ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
        });
    }

    void delete(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        for (String name : ctx.queryParams().names()) {
            if (!FILTERS.contains(name)) {
                ErrorResponses.write(
                        ctx.response(),
                        GatewayError.invalid("Unknown parameter '" + name + "'; use namespace, model or team.", name));
                return;
            }
        }
        CacheFilter filter = new CacheFilter(param(ctx, "namespace"), param(ctx, "model"), param(ctx, "team"));
        services.cache().delete(filter).onComplete(deleted -> {
            if (deleted.failed()) {
                ErrorResponses.write(
                        ctx.response(),
                        GatewayError.of(
                                ErrorKind.UNAVAILABLE,
                                "The cache store cannot be reached.",
                                null,
                                "cache_unavailable"));
                return;
            }
            ObjectNode out = Json.object();
            out.put("deleted", deleted.result());
            ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
        });
    }

    private static @Nullable String param(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
