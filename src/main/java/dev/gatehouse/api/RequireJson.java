package dev.gatehouse.api;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;

/**
 * Pipeline stage: refuses a body sent with a content type other than JSON (415), before anything
 * else reads it. A request without a content type is read as JSON, as OpenAI's API does. Multipart
 * uploads ({@code /v1/audio/transcriptions}) arrive with their {@link UploadBody} already checked to
 * be {@code multipart/form-data} by the server, and pass.
 */
public final class RequireJson implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        if (ex.find(ValidateRequest.UPLOAD) != null) {
            // A multipart endpoint: the server checked the multipart content type before reading the form.
            return chain.proceed(ex);
        }
        String contentType = ex.request().header("content-type");
        if (contentType != null && !isJson(contentType)) {
            throw GatewayError.of(
                    ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type '" + contentType + "'. Send the body as application/json.",
                    null,
                    "unsupported_media_type");
        }
        return chain.proceed(ex);
    }

    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase("application/json")
                || mediaType.regionMatches(true, mediaType.length() - 5, "+json", 0, 5);
    }
}
