package dev.gatehouse.config;

/** One thing wrong with a configuration, located by its dotted path (e.g. {@code models[2].provider}). */
public record ConfigProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
