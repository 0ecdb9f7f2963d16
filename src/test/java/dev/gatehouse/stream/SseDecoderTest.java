package dev.gatehouse.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream interpretation rules of the WHATWG HTML standard. */
class SseDecoderTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(events::add);

    private void feed(String text) {
        decoder.feed(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dispatchesOnBlankLinesAndReadsEventNames() {
        feed("event: message_start\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n");

        assertThat(events).containsExactly(new SseEvent("message_start", "{\"a\":1}"), new SseEvent(null, "{\"b\":2}"));
    }

    @Test
    void joinsMultipleDataLinesWithNewlines() {
        feed("data: first\ndata: second\ndata\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "first\nsecond\n"));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEnds() {
        feed("data: a\r\n\r\ndata: b\r\rdata:c\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b", "c");
    }

    @Test
    void ignoresCommentsIdsAndRetry() {
        feed(": keep-alive\nid: 7\nretry: 1000\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void reassemblesEventsAndCharactersSplitAcrossReads() {
        byte[] bytes = "data: héllo wörld\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            decoder.feed(Buffer.buffer(new byte[] {b}));
        }

        assertThat(events).containsExactly(new SseEvent(null, "héllo wörld"));
        assertThat(decoder.hasPartialEvent()).isFalse();
    }

    @Test
    void holdsAnUnfinishedEventUntilItsBlankLine() {
        feed("data: partial");

        assertThat(events).isEmpty();
        assertThat(decoder.hasPartialEvent()).isTrue();
    }

    @Test
    void keepsOnlyTheFirstSpaceAfterTheColon() {
        feed("data:  two spaces\n\n");

        assertThat(events).containsExactly(new SseEvent(null, " two spaces"));
    }
}
