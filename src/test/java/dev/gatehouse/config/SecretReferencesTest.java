package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${file:}} and {@code ${vault:}} in the config: resolved at load, read again by the next load,
 * and a missing file, secret or field is a problem at its config path naming the reference, never a
 * value. Vault itself is not installable here, so a small HTTP server in the test speaks its KV v2
 * read API ({@code GET /v1/<mount>/data/<path>}, {@code X-Vault-Token}, {@code {"data":{"data":{...}}}}).
 */
class SecretReferencesTest {

    @TempDir
    Path dir;

    private final AtomicReference<String> vaultValue = new AtomicReference<>("vault-secret-one");
    private final List<String> vaultCalls = new CopyOnWriteArrayList<>();
    private HttpServer vault;

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.stop(0);
        }
    }

    private String startVault() throws Exception {
        vault = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        vault.createContext("/v1/", exchange -> {
            vaultCalls.add(exchange.getRequestURI().getPath() + " token="
                    + exchange.getRequestHeaders().getFirst("X-Vault-Token"));
            boolean known = exchange.getRequestURI().getPath().equals("/v1/secret/data/gatehouse/openai");
            byte[] body = (known
                            ? "{\"request_id\":\"r\",\"data\":{\"data\":{\"api_key\":\"" + vaultValue.get()
                                    + "\"},\"metadata\":{\"version\":3}}}"
                            : "{\"errors\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        vault.start();
        return "http://127.0.0.1:" + vault.getAddress().getPort();
    }

    private static String config(String apiKey) {
        return """
                providers:
                  openai:
                    type: openai
                    api_key: "%s"
                models:
                  - name: m
                    provider: openai
                """.formatted(apiKey);
    }

    @Test
    void aFileReferenceIsTheTrimmedContentsAndIsReadAgainByTheNextLoad() throws Exception {
        Path secret = Files.writeString(dir.resolve("key"), "sk-from-file-1\n");
        ConfigLoader loader = new ConfigLoader(Map.of());
        String yaml = config("${file:" + secret + "}");

        assertThat(loader.parse(yaml, "t").providers().get("openai").apiKey()).isEqualTo("sk-from-file-1");
        Files.writeString(secret, "sk-from-file-2");
        assertThat(loader.parse(yaml, "t").providers().get("openai").apiKey()).isEqualTo("sk-from-file-2");
    }

    @Test
    void aMissingFileIsAProblemAtItsPathNamingTheReference() {
        String reference = "${file:" + dir.resolve("absent") + "}";
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(config(reference), "t"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.path()).isEqualTo("providers.openai.api_key");
                            assertThat(p.message()).contains(reference).contains("does not exist");
                        }));
    }

    @Test
    void aVaultReferenceReadsKvVersionTwoAndIsReadAgainByTheNextLoad() throws Exception {
        Map<String, String> env = Map.of("VAULT_ADDR", startVault(), "VAULT_TOKEN", "hvs.test-token");
        ConfigLoader loader = new ConfigLoader(env);
        String yaml = config("${vault:secret/gatehouse/openai#api_key}");

        assertThat(loader.parse(yaml, "t").providers().get("openai").apiKey()).isEqualTo("vault-secret-one");
        vaultValue.set("vault-secret-two");
        assertThat(loader.parse(yaml, "t").providers().get("openai").apiKey()).isEqualTo("vault-secret-two");
        assertThat(vaultCalls).containsOnly("/v1/secret/data/gatehouse/openai token=hvs.test-token");
    }

    @Test
    void aMissingVaultFieldOrSecretIsAProblemAtItsPathWithoutAValue() throws Exception {
        Map<String, String> env = Map.of("VAULT_ADDR", startVault(), "VAULT_TOKEN", "hvs.test-token");
        assertThatThrownBy(() -> new ConfigLoader(env).parse(config("${vault:secret/gatehouse/openai#nope}"), "t"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.path()).isEqualTo("providers.openai.api_key");
                        assertThat(p.message())
                                .contains("${vault:secret/gatehouse/openai#nope}")
                                .contains("'nope'");
                    });
                    assertThat(e.getMessage()).doesNotContain("vault-secret-one");
                });
        assertThatThrownBy(() -> new ConfigLoader(env).parse(config("${vault:secret/other#api_key}"), "t"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("404"));
    }
}
