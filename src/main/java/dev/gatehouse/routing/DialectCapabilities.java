package dev.gatehouse.routing;

import dev.gatehouse.config.Capability;
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
}
