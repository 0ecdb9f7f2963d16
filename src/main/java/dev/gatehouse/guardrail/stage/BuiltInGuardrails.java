package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.config.GuardrailTypes;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.injection.InjectionGuardrail;
import dev.gatehouse.guardrail.injection.InjectionSettings;
import dev.gatehouse.guardrail.pii.PiiGuardrail;
import dev.gatehouse.guardrail.pii.PiiSettings;
import dev.gatehouse.guardrail.remote.ClassifierGuardrail;
import dev.gatehouse.guardrail.remote.ClassifierSettings;
import dev.gatehouse.guardrail.remote.ModelJudge;
import dev.gatehouse.guardrail.remote.ModerationGuardrail;
import dev.gatehouse.guardrail.remote.ModerationSettings;
import dev.gatehouse.guardrail.remote.WebhookGuardrail;
import dev.gatehouse.guardrail.remote.WebhookSettings;
import io.vertx.core.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The guardrail types of {@code guardrails:} entries: how each reads its fields and builds its check.
 * A new type is one {@code type(...)} line.
 */
public final class BuiltInGuardrails {

    /** What a type's check may need from the running gateway. */
    public record Services(HttpClient http, ModelJudge judge) {}

    private record Type<S>(
            Class<S> settings,
            BiFunction<ConfigNode, Map<String, ProviderSettings>, @Nullable S> reader,
            Builder<S> builder) {

        Guardrail build(GuardrailSettings entry, Services services) {
            return builder.build(entry, settings.cast(entry.options()), services);
        }
    }

    @FunctionalInterface
    private interface Builder<S> {
        Guardrail build(GuardrailSettings entry, S settings, Services services);
    }

    private static final Map<String, Type<?>> TYPES = new LinkedHashMap<>();

    static {
        type(
                "webhook",
                WebhookSettings.class,
                (node, providers) -> WebhookSettings.read(node),
                (e, s, services) -> new WebhookGuardrail(e.name(), s, services.http(), e.timeout()));
        type(
                "moderation",
                ModerationSettings.class,
                ModerationSettings::read,
                (e, s, services) -> new ModerationGuardrail(e.name(), s, services.http(), e.timeout()));
        type(
                "classifier",
                ClassifierSettings.class,
                (node, providers) -> ClassifierSettings.read(node),
                (e, s, services) -> new ClassifierGuardrail(e.name(), s, services.judge()));
        type(
                "pii",
                PiiSettings.class,
                (node, providers) -> PiiSettings.read(node),
                (e, s, services) -> new PiiGuardrail(e.name(), s));
        type(
                "injection",
                InjectionSettings.class,
                (node, providers) -> InjectionSettings.read(node),
                (e, s, services) -> new InjectionGuardrail(e.name(), s));
    }

    /** What the config loader reads {@code guardrails:} entries with. */
    public static final GuardrailTypes READERS = new GuardrailTypes() {
        @Override
        public Set<String> names() {
            return TYPES.keySet();
        }

        @Override
        public @Nullable Object read(String type, ConfigNode node, Map<String, ProviderSettings> providers) {
            Type<?> t = TYPES.get(type);
            return t == null ? null : t.reader().apply(node, providers);
        }
    };

    private BuiltInGuardrails() {}

    private static <S> void type(
            String name,
            Class<S> settings,
            BiFunction<ConfigNode, Map<String, ProviderSettings>, @Nullable S> reader,
            Builder<S> builder) {
        TYPES.put(name, new Type<>(settings, reader, builder));
    }

    /** Builds the checks of {@code guardrails:} entries with the gateway's {@code services}. */
    public static GuardrailFactory factory(Services services) {
        return entry -> {
            Type<?> type = TYPES.get(entry.type());
            if (type == null) {
                throw new IllegalArgumentException("no guardrail type " + entry.type());
            }
            return type.build(entry, services);
        };
    }
}
