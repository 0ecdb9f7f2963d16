package dev.gatehouse.cache;

import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.TaggedScan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link AnswerStore} in Redis ({@code state: redis}), shared by every instance: each entry is one
 * string key with its TTL ({@code {gh}:cache:v1:e:<key>}), so Redis expires it. Redis 7 has no vector
 * search, so each instance keeps its own {@link SemanticIndex}: a semantic entry is also appended to
 * a capped stream of additions ({@code {gh}:cache:v1:log}, about {@code max_entries} long), which
 * every instance reads from where it last stopped before each semantic lookup ({@link #catchUp()}:
 * one {@code XRANGE}, usually empty), and from the start the first time, so a fresh instance learns
 * every live entry. An index vector whose entry Redis already dropped is harmless: lookups read the
 * entry before serving it and drop the vector when it is gone.
 */
public final class RedisAnswerStore implements AnswerStore {

    static final String PREFIX = HashTag.prefix("cache", 1);
    private static final int PAGE = 500;

    private final Redis redis;
    private final String entryPrefix;
    private final String log;
    private final long maxEntries;
    private final SemanticIndex index;
    private final InstantSource clock;
    private volatile String lastSeen = "0-0";

    /** @param namespace put in front of every key ({@code StateSettings.keyPrefix()}) */
    public RedisAnswerStore(Redis redis, String namespace, long maxEntries, SemanticIndex index, InstantSource clock) {
        this.redis = redis;
        this.entryPrefix = namespace + PREFIX + "e:";
        this.log = namespace + PREFIX + "log";
        this.maxEntries = maxEntries;
        this.index = index;
        this.clock = clock;
    }

    @Override
    public Future<@Nullable CachedAnswer> get(String key) {
        return redis.send(Request.cmd(Command.GET).arg(entryPrefix + key))
                .map(r -> r == null ? null : CachedAnswer.fromJson(r.toBuffer()));
    }

    @Override
    public Future<Void> put(String key, CachedAnswer answer, Duration ttl, SemanticIndex.@Nullable Vector vector) {
        Request set = Request.cmd(Command.SET)
                .arg(entryPrefix + key)
                .arg(answer.toJson())
                .arg("PX")
                .arg(Math.max(1, ttl.toMillis()));
        if (vector == null) {
            return redis.send(set).mapEmpty();
        }
        index.add(vector, clock.millis());
        Request add = Request.cmd(Command.XADD)
                .arg(log)
                .arg("MAXLEN")
                .arg("~")
                .arg(maxEntries)
                .arg("*")
                .arg("k")
                .arg(vector.key())
                .arg("p")
                .arg(vector.partition())
                .arg("q")
                .arg(vector.question())
                .arg("v")
                .arg(encode(vector.embedding()))
                .arg("x")
                .arg(vector.expiresAtMillis());
        return redis.batch(List.of(set, add)).mapEmpty();
    }

    @Override
    public Future<Void> catchUp() {
        String from = lastSeen;
        return redis.send(Request.cmd(Command.XRANGE)
                        .arg(log)
                        .arg("(" + from)
                        .arg("+")
                        .arg("COUNT")
                        .arg(PAGE))
                .compose(r -> {
                    if (r == null || r.size() == 0) {
                        return Future.succeededFuture();
                    }
                    long now = clock.millis();
                    String last = from;
                    for (Response item : r) {
                        last = item.get(0).toString();
                        SemanticIndex.Vector v = vector(item.get(1));
                        if (v != null && v.expiresAtMillis() > now) {
                            index.add(v, now);
                        }
                    }
                    advance(last);
                    return r.size() < PAGE ? Future.succeededFuture() : catchUp();
                });
    }

    /** Moves the read position forward only: concurrent catch-ups on several event loops may finish out of order. */
    private synchronized void advance(String id) {
        if (compareIds(id, lastSeen) > 0) {
            lastSeen = id;
        }
    }

    static int compareIds(String a, String b) {
        String[] x = a.split("-", 2);
        String[] y = b.split("-", 2);
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private static SemanticIndex.@Nullable Vector vector(Response fields) {
        String key = null;
        String partition = null;
        String question = null;
        float[] embedding = null;
        long expires = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "k" -> key = value;
                case "p" -> partition = value;
                case "q" -> question = value;
                case "v" -> embedding = decode(value);
                case "x" -> expires = Long.parseLong(value);
                default -> {}
            }
        }
        if (key == null || partition == null || question == null || embedding == null) {
            return null;
        }
        return new SemanticIndex.Vector(key, partition, embedding, question, expires);
    }

    static String encode(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bytes.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static float[] decode(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = bytes.getFloat();
        }
        return v;
    }

    @Override
    public Future<Long> delete(CacheFilter filter) {
        return scan("0", filter, true, 0L);
    }

    @Override
    public Future<Long> size() {
        return scan("0", CacheFilter.ALL, false, 0L);
    }

    /** Walks every entry with SCAN (never KEYS; on the node holding them, also on a cluster); counts those {@code filter} selects and deletes them when asked. */
    private Future<Long> scan(String cursor, CacheFilter filter, boolean delete, long counted) {
        return TaggedScan.page(redis, cursor, entryPrefix + "*", PAGE).compose(r -> {
            String next = r.get(0).toString();
            List<String> keys = new ArrayList<>();
            for (Response k : r.get(1)) {
                keys.add(k.toString());
            }
            Future<Long> page = keys.isEmpty()
                    ? Future.succeededFuture(0L)
                    : filter.equals(CacheFilter.ALL) && !delete
                            ? Future.succeededFuture((long) keys.size())
                            : selectAndDelete(keys, filter, delete);
            return page.compose(n ->
                    "0".equals(next) ? Future.succeededFuture(counted + n) : scan(next, filter, delete, counted + n));
        });
    }

    private Future<Long> selectAndDelete(List<String> keys, CacheFilter filter, boolean delete) {
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return redis.send(mget).compose(values -> {
            Request del = Request.cmd(Command.DEL);
            long selected = 0;
            for (int i = 0; i < keys.size(); i++) {
                Response value = values.get(i);
                if (value != null
                        && CachedAnswer.fromJson(Buffer.buffer(value.toBytes())).matches(filter)) {
                    del.arg(keys.get(i));
                    index.remove(keys.get(i).substring(entryPrefix.length()));
                    selected++;
                }
            }
            long n = selected;
            return !delete || n == 0
                    ? Future.succeededFuture(n)
                    : redis.send(del).map(x -> n);
        });
    }
}
