package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request ids sort by the millisecond they were made in, so the usage store's key index grows at its end. */
class RequestIdsTest {

    @Test
    void anIdMadeInALaterMillisecondSortsAfterAnyIdOfAnEarlierOne() {
        String earlier = RequestIds.of(1_764_900_000_000L, -1L);
        String later = RequestIds.of(1_764_900_000_001L, 0L);
        assertThat(later).isGreaterThan(earlier);
        assertThat(RequestIds.of(1_764_900_000_000L, 0L)).isEqualTo("req_019aec3cd100000000000000");
    }

    @Test
    void idsAreTwentyFourHexDigitsAfterThePrefixAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIds.next();
            assertThat(id).matches("req_[0-9a-f]{24}");
            seen.add(id);
        }
        assertThat(seen).hasSize(100_000);
    }
}
