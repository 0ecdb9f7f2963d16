package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesWellFormedJsonFromStringsAndBuffers() {
        assertThat(Json.parse("{\"a\":1}").path("a").asInt()).isEqualTo(1);
        assertThat(Json.parse(Buffer.buffer("[1,2]")).size()).isEqualTo(2);
        assertThat(Json.tryParse("{\"a\":1}"))
                .hasValueSatisfying(node -> assertThat(node.path("a").asInt()).isEqualTo(1));
        assertThat(Json.tryParse(Buffer.buffer("true")))
                .hasValueSatisfying(node -> assertThat(node.asBoolean()).isTrue());
    }

    @Test
    void parseThrowsOnMalformedJsonInsteadOfReturningNull() {
        assertThatThrownBy(() -> Json.parse("{\"a\":"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("not valid JSON")
                .hasCauseInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> Json.parse(Buffer.buffer("not json"))).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void tryParseIsEmptyForMalformedJson() {
        assertThat(Json.tryParse("{\"a\":")).isEmpty();
        assertThat(Json.tryParse(Buffer.buffer("<html>502 Bad Gateway</html>"))).isEmpty();
    }

    @Test
    void emptyInputIsAMissingNodeNotAnError() {
        assertThat(Json.parse("").isMissingNode()).isTrue();
        assertThat(Json.parse(Buffer.buffer()).isMissingNode()).isTrue();
        assertThat(Json.tryParse("  "))
                .hasValueSatisfying(node -> assertThat(node.isMissingNode()).isTrue());
    }
}
