package dev.gatehouse.mcp;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The sessions of {@code /mcp} clients, shared by every HTTP front (a client's requests may arrive
 * on any event loop). A session is created by {@code initialize}, belongs to the key that created
 * it, and ends on {@code DELETE}. A session may hold one open SSE stream (its {@code GET}), on
 * which the gateway sends {@code notifications/tools/list_changed}. Thread-safe.
 */
final class McpSessions {

    /** Beyond this many live sessions {@code initialize} is refused, so forgotten sessions cannot exhaust memory. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One client session. */
    static final class Session {
        final String id;
        final String keyId;
        final String protocolVersion;
        private @Nullable HttpServerResponse stream;
        private @Nullable Context streamContext;

        Session(String id, String keyId, String protocolVersion) {
            this.id = id;
            this.keyId = keyId;
            this.protocolVersion = protocolVersion;
        }

        /** Takes {@code response} as the session's stream; false when it already has one. */
        synchronized boolean attach(HttpServerResponse response, Context context) {
            if (stream != null) {
                return false;
            }
            stream = response;
            streamContext = context;
            return true;
        }

        synchronized void detach(HttpServerResponse response) {
            if (stream == response) {
                stream = null;
                streamContext = null;
            }
        }

        /** Writes one SSE event to the open stream, if any, on the stream's own event loop. */
        void send(String event) {
            HttpServerResponse out;
            Context context;
            synchronized (this) {
                out = stream;
                context = streamContext;
            }
            if (out != null && context != null) {
                context.runOnContext(v -> {
                    if (!out.ended() && !out.closed()) {
                        out.write(event);
                    }
                });
            }
        }

        void close() {
            HttpServerResponse out;
            Context context;
            synchronized (this) {
                out = stream;
                context = streamContext;
                stream = null;
            }
            if (out != null && context != null) {
                context.runOnContext(v -> {
                    if (!out.ended() && !out.closed()) {
                        out.end();
                    }
                });
            }
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** A new session, or {@code null} when there are too many. */
    @Nullable
    Session open(String keyId, String protocolVersion) {
        if (sessions.size() >= MAX_SESSIONS) {
            return null;
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), keyId, protocolVersion);
        sessions.put(session.id, session);
        return session;
    }

    /** The session of {@code id} if it exists and belongs to {@code keyId}; another key's session is not found. */
    @Nullable
    Session find(String id, String keyId) {
        Session s = sessions.get(id);
        return s != null && s.keyId.equals(keyId) ? s : null;
    }

    void close(Session session) {
        sessions.remove(session.id);
        session.close();
    }

    /** Sends {@code event} to every session's open stream. */
    void broadcast(String event) {
        sessions.values().forEach(s -> s.send(event));
    }

    int size() {
        return sessions.size();
    }
}
