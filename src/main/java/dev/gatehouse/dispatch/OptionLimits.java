package dev.gatehouse.dispatch;

import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.config.Timeouts;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request's {@code timeout}, {@code first_byte_timeout} and {@code retries} options applied to
 * the configured limits. They only tighten: a value above the configured one changes nothing, so a
 * caller can never keep a deployment busier or longer than the operator allows. Pure.
 */
final class OptionLimits {

    private OptionLimits() {}

    /** The router settings with the request's deadline and retries, where those are tighter. */
    static RouterSettings router(RouterSettings settings, RequestOptions options) {
        if (options.timeout() == null && options.retries() == null) {
            return settings;
        }
        return new RouterSettings(
                options.retries() == null ? settings.retries() : Math.min(settings.retries(), options.retries()),
                settings.backoffBase(),
                settings.backoffMax(),
                min(settings.deadline(), options.timeout()),
                settings.maxAttempts(),
                settings.breaker(),
                settings.healthCheckInterval());
    }

    /**
     * The provider of one attempt with its call's limits tightened: the first byte within the
     * request's {@code first_byte_timeout}, and, when the request has a {@code timeout}, the whole
     * call (stream included) within what is left of it, so one slow attempt cannot outlive the
     * request.
     *
     * @param left what is left of the request's deadline, or {@code null} when it set no timeout
     */
    static ProviderSettings attempt(ProviderSettings provider, RequestOptions options, @Nullable Duration left) {
        if (options.firstByteTimeout() == null && left == null) {
            return provider;
        }
        Timeouts t = provider.timeouts();
        Duration total = min(t.total(), left);
        Duration firstByte = min(min(t.firstByte(), options.firstByteTimeout()), total);
        return provider.withTimeouts(new Timeouts(t.connect(), firstByte, t.idle(), total, t.keepAlive()));
    }

    private static Duration min(Duration configured, @Nullable Duration requested) {
        return requested == null || requested.compareTo(configured) >= 0 ? configured : requested;
    }
}
