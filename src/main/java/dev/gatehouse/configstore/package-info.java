/**
 * Providers and model groups kept in the store (the admin API's "store models in DB"): the {@link
 * ConfigStore} SPI and its JDBC implementation, credentials sealed with AES-GCM ({@link SecretBox},
 * {@link ProviderCredentials}), and {@link StoredConfig}, which rereads the store after a change here,
 * on news from another instance, or when the polled change sequence moved, and hands each read to the
 * server, which merges it with the config file and swaps the state.
 */
@NullMarked
package dev.gatehouse.configstore;

import org.jspecify.annotations.NullMarked;
