package dev.gatehouse.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTableTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400, INVALID_REQUEST",
        "401, AUTH_ERROR",
        "403, PERMISSION_DENIED",
        "404, NOT_FOUND",
        "408, TIMEOUT",
        "409, INVALID_REQUEST",
        "413, PAYLOAD_TOO_LARGE",
        "422, INVALID_REQUEST",
        "429, RATE_LIMITED",
        "500, SERVER_ERROR",
        "501, SERVER_ERROR",
        "502, UNAVAILABLE",
        "503, UNAVAILABLE",
        "504, TIMEOUT",
        "529, SERVER_ERROR",
    })
    void theDefaultTableIsWhatEveryProviderDocumentsAlike(int status, ErrorKind kind) {
        assertThat(StatusTable.DEFAULT.kindOf(status)).isEqualTo(kind);
    }

    @Test
    void aDialectsOverridesWinAndLeaveTheRestOfTheTableAlone() {
        StatusTable anthropicLike =
                StatusTable.DEFAULT.with(529, ErrorKind.UNAVAILABLE).with(402, ErrorKind.PERMISSION_DENIED);

        assertThat(anthropicLike.kindOf(529)).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(anthropicLike.kindOf(402)).isEqualTo(ErrorKind.PERMISSION_DENIED);
        assertThat(anthropicLike.kindOf(429)).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(StatusTable.DEFAULT.kindOf(529))
                .as("the default is not changed")
                .isEqualTo(ErrorKind.SERVER_ERROR);
    }
}
