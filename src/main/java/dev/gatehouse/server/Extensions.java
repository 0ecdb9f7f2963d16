package dev.gatehouse.server;

import dev.gatehouse.config.GuardrailTypes;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.stage.RegisteredGuardrails;
import dev.gatehouse.metering.UsageSink;
import dev.gatehouse.provider.ProviderAdapter;
import java.util.List;
import java.util.Map;

/**
 * What an application that embeds the gateway plugs into it through the SPIs: its own provider
 * dialects, guardrails and usage sinks. {@link #NONE} for {@code gatehouse serve}.
 *
 * @param providers the adapter of each {@code type: custom} provider, by provider name
 * @param guardrails guardrails that {@code type: custom} entries of {@code guardrails:} name, by name
 * @param usageSinks sinks given every usage record beside the gateway's own writer
 */
public record Extensions(
        Map<String, ProviderAdapter> providers, Map<String, Guardrail> guardrails, List<UsageSink> usageSinks) {

    public static final Extensions NONE = new Extensions(Map.of(), Map.of(), List.of());

    public Extensions {
        providers = Map.copyOf(providers);
        guardrails = Map.copyOf(guardrails);
        usageSinks = List.copyOf(usageSinks);
    }

    RegisteredGuardrails registeredGuardrails() {
        return new RegisteredGuardrails(guardrails);
    }

    /** The guardrail types a config for this gateway may use: the built-in ones, and {@code custom} with guardrails. */
    public GuardrailTypes guardrailTypes() {
        return registeredGuardrails().types();
    }
}
