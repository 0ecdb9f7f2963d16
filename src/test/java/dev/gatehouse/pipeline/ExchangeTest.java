package dev.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ZeroConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeTest {

    private static final Exchange.Key<String> NAME = Exchange.Key.of("name");

    @Test
    void keepsOneValuePerKeyAndALaterPutWins() {
        Exchange ex = exchange();

        ex.put(NAME, "first").put(NAME, "second");

        assertThat(ex.get(NAME)).isEqualTo("second");
        assertThat(ex.find(NAME)).isEqualTo("second");
        assertThat(ex.has(NAME)).isTrue();
    }

    @Test
    void aMissingValueIsNullToFindAndAnErrorToGet() {
        Exchange ex = exchange();

        assertThat(ex.find(NAME)).isNull();
        assertThat(ex.has(NAME)).isFalse();
        assertThatThrownBy(() -> ex.get(NAME))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name");
    }

    @Test
    void refusesANullValue() {
        assertThatThrownBy(() -> exchange().put(NAME, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }

    @Test
    void takesAKeyMadeAfterTheExchange() {
        Exchange ex = exchange();
        Exchange.Key<Integer> later = Exchange.Key.of("later");

        assertThat(ex.has(later)).isFalse();
        ex.put(later, 7).put(NAME, "kept");

        assertThat(ex.get(later)).isEqualTo(7);
        assertThat(ex.get(NAME)).isEqualTo("kept");
    }

    @Test
    void keysOfTheSameNameAreDistinctSlots() {
        Exchange ex = exchange();
        Exchange.Key<String> twin = Exchange.Key.of("name");

        ex.put(NAME, "one");

        assertThat(ex.has(twin)).isFalse();
    }

    private static Exchange exchange() {
        return new Exchange(
                "req_1", 0, IncomingRequest.internal("/v1/chat/completions"), ZeroConfig.fromEnvironment(Map.of()));
    }
}
