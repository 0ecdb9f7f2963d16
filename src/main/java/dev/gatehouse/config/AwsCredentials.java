package dev.gatehouse.config;

/** Static AWS credentials. {@link #toString()} never shows the secrets. */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + "]";
    }
}
