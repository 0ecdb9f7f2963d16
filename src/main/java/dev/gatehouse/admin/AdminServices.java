package dev.gatehouse.admin;

import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * What the admin API needs from the running gateway.
 *
 * @param keys the current key ring, to check the caller is an admin
 * @param changed called after every successful write; its future completes once this instance
 *     serves the change (other instances learn of it through the change bus)
 */
public record AdminServices(Vertx vertx, KeyStore store, Supplier<KeyRing> keys, Supplier<Future<Void>> changed, InstantSource clock) {}
