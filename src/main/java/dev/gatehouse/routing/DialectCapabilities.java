package dev.gatehouse.routing;

import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import java.util.Set;

/**
 * What each provider dialect can do whatever model is behind it: the capabilities config does not
 * list ({@link Capability#configured()} false), such as {@link Capability#EMBEDDINGS}. The
 * provider adapters know, and they sit above routing, so the layer that has both hands them down
 * through this. Thread-safe; the answer for a type never changes.
 */
@FunctionalInterface
public interface DialectCapabilities {

    /** The capabilities every deployment of a {@code type} provider has, of the unconfigured ones. */
    Set<Capability> of(ProviderType type);

    /**
     * The capabilities of {@code provider}'s deployments, of the unconfigured ones: those of its type,
     * or for a {@code custom} provider, those of the adapter registered for it.
     */
    default Set<Capability> of(ProviderSettings provider) {
        return of(provider.type());
    }
}
