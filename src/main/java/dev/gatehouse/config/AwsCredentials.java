package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/** Static AWS credentials. {@link #toString()} never shows the secrets. */
public record AwsCredentials(
        String accessKeyId,
        String secretAccessKey,
        @Nullable String sessionToken) {

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + "]";
    }
}
