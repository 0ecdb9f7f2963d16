package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the secrets {@code ${file:...}} and {@code ${vault:...}} name, for one config load. Blocking:
 * config loads run at start-up and on reload, on worker threads, never on the request path. A
 * Vault secret is fetched once per load however many fields of it the config uses.
 *
 * <p>Vault is HashiCorp's KV version 2 engine: {@code GET {VAULT_ADDR}/v1/{mount}/data/{path}} with
 * {@code X-Vault-Token: {VAULT_TOKEN}} answers {@code {"data":{"data":{field: value},
 * "metadata":{...}}}} ("Read secret version" in Vault's KV v2 API docs). The reference's first
 * segment is the mount, as {@code vault kv get secret/app} reads it.
 */
final class SecretSources {

    /** How long one Vault read may take, so an unreachable Vault fails a reload instead of hanging it. */
    static final Duration VAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a reference could not be resolved; the message never holds the secret. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, String> env;
    private final Map<String, JsonNode> vaultSecrets = new HashMap<>();
    private @Nullable HttpClient http;

    SecretSources(Map<String, String> env) {
        this.env = env;
    }

    /** The file's contents without surrounding white space (a trailing newline is not part of a key). */
    String file(String name) throws Unreadable {
        if (name.isBlank()) {
            throw new Unreadable("names no file");
        }
        try {
            return Files.readString(Path.of(name)).strip();
        } catch (NoSuchFileException e) {
            throw new Unreadable("names a file that does not exist");
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("cannot be read: " + e.getClass().getSimpleName());
        }
    }

    String vault(String reference) throws Unreadable {
        int hash = reference.lastIndexOf('#');
        int slash = reference.indexOf('/');
        if (hash <= 0 || hash == reference.length() - 1 || slash <= 0 || slash > hash - 2) {
            throw new Unreadable("must be ${vault:<mount>/<path>#<field>}, e.g. ${vault:secret/gatehouse#openai_key}");
        }
        String secretPath = reference.substring(0, hash);
        String field = reference.substring(hash + 1);
        JsonNode data = vaultSecrets.get(secretPath);
        if (data == null) {
            data = readVault(secretPath.substring(0, slash), secretPath.substring(slash + 1));
            vaultSecrets.put(secretPath, data);
        }
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            throw new Unreadable("names field '" + field + "', which the Vault secret does not have");
        }
        if (value.isContainerNode()) {
            throw new Unreadable("names field '" + field + "', which is not a single value");
        }
        return value.asText();
    }

    private JsonNode readVault(String mount, String path) throws Unreadable {
        String address = env.get("VAULT_ADDR");
        String token = env.get("VAULT_TOKEN");
        if (address == null || address.isBlank() || token == null || token.isBlank()) {
            throw new Unreadable("needs VAULT_ADDR and VAULT_TOKEN in the environment");
        }
        URI uri;
        try {
            uri = URI.create(stripSlash(address) + "/v1/" + segments(mount) + "/data/" + segments(path));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("cannot be read: VAULT_ADDR is not a URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(VAULT_TIMEOUT)
                .header("X-Vault-Token", token)
                .GET();
        String namespace = env.get("VAULT_NAMESPACE");
        if (namespace != null && !namespace.isBlank()) {
            request.header("X-Vault-Namespace", namespace);
        }
        HttpResponse<String> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreadable(
                    "cannot be read: Vault did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreadable("cannot be read: interrupted");
        }
        if (response.statusCode() == 404) {
            throw new Unreadable("names a secret Vault does not have (404)");
        }
        if (response.statusCode() != 200) {
            throw new Unreadable("cannot be read: Vault answered " + response.statusCode());
        }
        try {
            JsonNode data = JSON.readTree(response.body()).path("data").path("data");
            if (!data.isObject()) {
                throw new Unreadable("cannot be read: Vault's answer has no data.data (is the mount KV version 2?)");
            }
            return data;
        } catch (IOException e) {
            throw new Unreadable("cannot be read: Vault's answer is not JSON");
        }
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(VAULT_TIMEOUT).build();
            http = client;
        }
        return client;
    }

    private static String stripSlash(String address) {
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    /** Each path segment percent-encoded, the slashes between them kept. */
    private static String segments(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
