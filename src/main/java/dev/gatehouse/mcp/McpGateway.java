package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.McpServerSettings;
import dev.gatehouse.config.McpSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.time.GatewayClock;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The tool servers behind {@code /mcp} of one gateway, shared by every HTTP front: their
 * connections ({@link McpUpstream}), the catalog of their tools, and the access rules. A config
 * reload starts the servers that are new or changed and stops those that are gone; unchanged ones
 * keep their connection, breaker and tools. Thread-safe.
 */
public final class McpGateway implements AutoCloseable {

    private final Vertx vertx;
    private final GatewayClock clock;
    private final @Nullable McpAccessStore store;
    private final Context home;
    private final HttpClient http;
    private final List<Runnable> catalogListeners = new CopyOnWriteArrayList<>();
    private final McpSessions sessions = new McpSessions();

    private final Map<String, McpUpstream> upstreams = new LinkedHashMap<>();
    private McpSettings settings = McpSettings.none();
    private volatile ToolCatalog catalog = ToolCatalog.EMPTY;
    private volatile McpAccess access = McpAccess.OPEN;
    private List<McpAccessStore.StoredRule> stored = List.of();

    /** @param store the stored access rules, or {@code null} for a gateway without a store (the warm-up) */
    public McpGateway(Vertx vertx, GatewayClock clock, @Nullable McpAccessStore store) {
        this.vertx = vertx;
        this.clock = clock;
        this.store = store;
        this.home = vertx.getOrCreateContext();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        catalogListeners.add(() -> sessions.broadcast(McpEndpoint.listChangedEvent()));
    }

    /** The sessions of {@code /mcp} clients, shared by every front. */
    McpSessions sessions() {
        return sessions;
    }

    /** Reads the stored access rules (on a worker) and connects the configured servers. */
    public Future<Void> start(McpSettings config) {
        reconfigure(config);
        return reloadAccess();
    }

    /** Applies a new {@code mcp:} section: new and changed servers (re)start, removed ones stop. */
    public void reconfigure(McpSettings next) {
        List<McpUpstream> stopped = new ArrayList<>();
        List<McpUpstream> started = new ArrayList<>();
        synchronized (this) {
            Map<String, McpServerSettings> wanted = new LinkedHashMap<>();
            next.servers().forEach(s -> wanted.put(s.name(), s));
            for (var it = upstreams.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                McpServerSettings now = wanted.get(entry.getKey());
                if (now == null || !now.equals(entry.getValue().settings())) {
                    stopped.add(entry.getValue());
                    it.remove();
                }
            }
            for (McpServerSettings s : next.servers()) {
                if (!upstreams.containsKey(s.name())) {
                    McpUpstream upstream = new McpUpstream(s, clock, home, http, this::refreshCatalog);
                    upstreams.put(s.name(), upstream);
                    started.add(upstream);
                }
            }
            settings = next;
            access = McpAccess.of(next, stored);
        }
        stopped.forEach(McpUpstream::close);
        started.forEach(McpUpstream::start);
        refreshCatalog();
    }

    /** Reads the stored access rules again (after an admin change, here or on another instance). */
    public Future<Void> reloadAccess() {
        McpAccessStore s = store;
        if (s == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(s::all, false).map(rules -> {
            synchronized (this) {
                stored = List.copyOf(rules);
                access = McpAccess.of(settings, stored);
            }
            return null;
        });
    }

    /** The stored rules, or {@code null} without a store. */
    public @Nullable McpAccessStore store() {
        return store;
    }

    /** Runs {@code listener} (on any thread) whenever the catalog's version changes. */
    void onCatalogChange(Runnable listener) {
        catalogListeners.add(listener);
    }

    ToolCatalog catalog() {
        return catalog;
    }

    McpAccess access() {
        return access;
    }

    synchronized @Nullable McpUpstream upstream(String name) {
        return upstreams.get(name);
    }

    private void refreshCatalog() {
        ToolCatalog before;
        ToolCatalog after;
        synchronized (this) {
            Map<String, List<McpSchema.Tool>> tools = new LinkedHashMap<>();
            upstreams.forEach((name, upstream) -> tools.put(name, upstream.tools()));
            before = catalog;
            after = ToolCatalog.of(tools, before);
            catalog = after;
        }
        if (after != before) {
            catalogListeners.forEach(Runnable::run);
        }
    }

    /** What {@code GET /admin/v1/mcp} shows: every server, its health and tools; never a credential. */
    public ObjectNode status() {
        ObjectNode out = Json.object();
        ArrayNode servers = out.putArray("servers");
        List<McpUpstream> all;
        synchronized (this) {
            all = new ArrayList<>(upstreams.values());
        }
        for (McpUpstream upstream : all) {
            McpUpstream.Status s = upstream.status();
            ObjectNode server = servers.addObject();
            server.put("name", s.name());
            server.put("transport", s.transport());
            server.put("health", s.health());
            server.put("breaker", s.breaker());
            server.put("restarts", s.restarts());
            server.put("last_error", s.lastError());
            if (s.oauthTokensFetched() != null) {
                server.put("oauth_tokens_fetched", s.oauthTokensFetched());
            }
            ArrayNode tools = server.putArray("tools");
            s.tools().forEach(t -> tools.add(upstream.name() + ToolCatalog.SEPARATOR + t));
        }
        out.put("tools", catalog.tools().size());
        out.put("sessions", sessions.size());
        out.put("catalog_version", catalog.version());
        return out;
    }

    @Override
    public void close() {
        List<McpUpstream> all;
        synchronized (this) {
            all = new ArrayList<>(upstreams.values());
            upstreams.clear();
        }
        all.forEach(McpUpstream::close);
    }
}
