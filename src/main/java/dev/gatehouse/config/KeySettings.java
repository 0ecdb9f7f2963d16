package dev.gatehouse.config;

import java.util.List;

/**
 * A virtual client key declared in the config file. Only its SHA-256 hash is kept.
 *
 * @param id a stable name for logs and usage records (never the key itself)
 * @param sha256Hex the lowercase hex SHA-256 of the key
 * @param models the model names or patterns it may use; empty means all
 */
public record KeySettings(String id, String sha256Hex, List<String> models) {}
