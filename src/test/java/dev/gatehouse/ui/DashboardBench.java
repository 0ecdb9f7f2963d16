package dev.gatehouse.ui;

import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.metering.UsageStore;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: {@code bench/ui.sh} runs it. Seeds a gateway's store (SQLite) with usage records over
 * 30 days (20 teams, one of them in the key store, 200 keys, 5 models, 2% errors), signs in, and
 * times each dashboard page (p50, p95, max).
 */
public final class DashboardBench {

    private DashboardBench() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (TestGateway gateway = TestGateway.start("""
                providers:
                  fake:
                    type: openai
                    base_url: http://127.0.0.1:9
                models:
                  - name: gpt-4o
                    provider: fake
                """)) {
            createTeam(gateway, "team-7");
            UsageStore store = gateway.server().usage().store();
            long started = System.nanoTime();
            seed(store, records);
            System.out.printf(
                    Locale.ROOT, "seeded %,d records in %.1f s%n", records, (System.nanoTime() - started) / 1e9);
            String cookie = signIn(gateway);
            String someId = "bench-" + (records - 1);
            List<String> pages = List.of(
                    "/ui",
                    "/ui?period=7d",
                    "/ui?period=30d",
                    "/ui?period=month",
                    "/ui/teams",
                    "/ui/teams/team-7",
                    "/ui/spend",
                    "/ui/spend?group_by=key_id&from="
                            + Instant.now()
                                    .minus(Duration.ofDays(29))
                                    .toString()
                                    .substring(0, 10),
                    "/ui/providers",
                    "/ui/requests",
                    "/ui/requests?team_id=team-7&outcome=error",
                    "/ui/requests/" + someId,
                    "/ui/alerts");
            System.out.println("page\tp50 ms\tp95 ms\tmax ms\tbytes");
            for (String page : pages) {
                long[] ms = new long[rounds];
                int bytes = 0;
                for (int i = 0; i < rounds; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r =
                            gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + page))
                                    .header("cookie", cookie)
                                    .build());
                    ms[i] = (System.nanoTime() - t) / 1_000_000;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(page + " answered " + r.statusCode());
                    }
                    bytes = r.body().length();
                }
                Arrays.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "%s\t%d\t%d\t%d\t%d%n",
                        page,
                        ms[rounds / 2],
                        ms[(int) Math.ceil(rounds * 0.95) - 1],
                        ms[rounds - 1],
                        bytes);
            }
        }
    }

    private static void seed(UsageStore store, int records) {
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        long span = Duration.ofDays(30).toMillis();
        String[] models = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash", "o3"};
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            int key = random.nextInt(200);
            String model = models[random.nextInt(models.length)];
            batch.add(UsageRecord.builder()
                    .requestId("bench-" + i)
                    .timeMs(now - span + (long) i * span / records)
                    .keyId("key-" + key)
                    .teamId("team-" + key % 20)
                    .tags(List.of())
                    .publicModel(model)
                    .provider("fake")
                    .deployment("fake/" + model)
                    .inputTokens(500 + random.nextInt(2000))
                    .outputTokens(100 + random.nextInt(500))
                    .costUsd(random.nextDouble() * 0.02)
                    .latencyMs(200 + random.nextInt(2000))
                    .ttftMs(100.0 + random.nextInt(400))
                    .status(random.nextInt(50) == 0 ? 502 : 200)
                    .cache(random.nextInt(10) == 0 ? "hit" : "miss")
                    .attempts(1)
                    .build());
            if (batch.size() == 5000) {
                store.insert(batch);
                batch.clear();
            }
        }
        store.insert(batch);
    }

    /** A team in the key store, so its page exists; the seed's records carry its id like the others. */
    private static void createTeam(TestGateway gateway, String id) throws Exception {
        HttpResponse<String> r = gateway.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/teams"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"team_id\":\"" + id + "\",\"max_budget\":100,\"budget_duration\":\"month\"}"))
                        .build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating team " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String signIn(TestGateway gateway) throws Exception {
        HttpResponse<String> r =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/ui/login"))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("key=" + TestGateway.MASTER_KEY))
                        .build());
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
