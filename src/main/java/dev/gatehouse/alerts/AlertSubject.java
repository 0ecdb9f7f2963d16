package dev.gatehouse.alerts;

/**
 * What an alert is about.
 *
 * @param scope {@code key}, {@code user}, {@code team}, {@code global}, {@code deployment} or {@code model}
 * @param id the key, user or team id, {@code *} for global, a deployment id ({@code provider/model}), a model group
 */
public record AlertSubject(String scope, String id) {

    @Override
    public String toString() {
        return scope + ":" + id;
    }
}
