package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw admin API calls for tests: method, path, body, and the key to send (or none). */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    public AdminClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    public Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, key);
    }

    public Answer call(String method, String path, String body, String withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (withKey != null) {
            request.header("authorization", "Bearer " + withKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed, response);
    }

    /** Creates a key and returns its whole answer (with the secret in {@code key}). */
    public JsonNode createKey(String body) throws Exception {
        Answer a = call("POST", "/admin/v1/keys", body);
        if (a.status() != 201) {
            throw new AssertionError("key create failed: " + a.status() + " " + a.body());
        }
        return a.body();
    }
}
