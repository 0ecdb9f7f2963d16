package dev.gatehouse.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package graph acyclic and pointing one way: a package may use only packages on its
 * own layer or below. docs/architecture.md draws the same table; change both together.
 */
class PackageGraphTest {

    /** Bottom to top. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("json", "hashing", "time"), // shared formats and the clock, no gateway types
            // the error vocabulary; the validated config snapshot; prompt templates as data
            List.of("error", "config", "prompts.template"),
            List.of(
                    "store",
                    "redis",
                    "usage",
                    "cache.semantic",
                    "guardrail",
                    "guardrail.remote",
                    "guardrail.pii",
                    "guardrail.injection"), // database and Redis plumbing; tokens and prices; meaning of texts;
            // the guardrail SPI, remote checks and the built-in detectors
            List.of("stream"), // chunk streams and SSE
            List.of("pipeline"), // exchange, interceptor chain, reply
            List.of("api", "api.anthropic", "api.responses"), // client API formats -> canonical request
            // keys, principals, key store; prompt registry, store and stage; stored providers and models
            List.of("auth", "prompts", "configstore"),
            List.of("routing"), // model groups, deployments, breakers, route plans
            List.of(
                    "ratelimit",
                    "metering",
                    "idempotency",
                    "observability",
                    "cache",
                    "responsestore",
                    "tracing",
                    "guardrail.stage"),
            List.of("budget"), // dollar budgets (reads spend from metering)
            List.of("alerts"), // alert rules over budgets, deployments, spend and the usage backlog; webhooks
            List.of(
                    "provider",
                    "provider.openai",
                    "provider.anthropic",
                    "provider.gemini",
                    "provider.bedrock",
                    "provider.cohere",
                    "provider.mock"), // the provider SPI and its dialects
            List.of("dispatch"), // attempts, retries, fallback, upstream client
            // the MCP gateway: /mcp, tool servers, tool access and records; the Files and Batch API
            List.of("mcp", "batch"),
            List.of("admin", "ui"), // the admin API; the web dashboard over the same services
            List.of("server"), // wiring: the stage list, HTTP front, handlers
            List.of("cli", "embed")); // the command line; the gateway as a Java library

    private static final String ROOT = "dev.gatehouse";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dependenciesPointDownTheLayers() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (int i = 0; i < LAYERS.size(); i++) {
            rule = rule.layer(name(i))
                    .definedBy(LAYERS.get(i).stream().map(p -> ROOT + "." + p).toArray(String[]::new));
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            rule = rule.whereLayer(name(i)).mayOnlyBeAccessedByLayers(higher(i));
        }
        rule.check(classes);
    }

    @Test
    void providerDialectsDoNotKnowEachOther() {
        slices().matching(ROOT + ".provider.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @Test
    void everyPackageHasAPlaceInTheTable() {
        TreeSet<String> placed = new TreeSet<>();
        LAYERS.forEach(layer -> layer.forEach(p -> placed.add(ROOT + "." + p)));
        TreeSet<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!placed.contains(c.getPackageName())) {
                unplaced.add(c.getPackageName());
            }
        }
        assertThat(unplaced).as("packages missing from LAYERS").isEmpty();
    }

    private static String[] higher(int layer) {
        String[] names = new String[LAYERS.size() - layer - 1];
        for (int i = layer + 1; i < LAYERS.size(); i++) {
            names[i - layer - 1] = name(i);
        }
        return names;
    }

    private static String name(int layer) {
        return "L" + layer + " " + String.join("+", LAYERS.get(layer));
    }
}
