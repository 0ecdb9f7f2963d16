package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a multipart form only as far as its model, however the bytes are split. */
class MultipartHeadTest {

    private static final String B = "xyzBOUNDARY";

    private static String part(String name, String value) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static String filePart(String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n" + content + "\r\n";
    }

    @Test
    void findsTheModelWhenEveryByteArrivesAlone() {
        String body = part("language", "en") + part("model", "whisper-1") + filePart("AUDIO") + "--" + B + "--\r\n";
        MultipartHead head = new MultipartHead(B, 1 << 20);
        boolean found = false;
        int fed = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
            fed++;
            if (head.feed(Buffer.buffer(new byte[] {b}))) {
                found = true;
                break;
            }
        }

        assertThat(found).isTrue();
        assertThat(fed).isLessThan(body.indexOf("AUDIO"));
        assertThat(head.fields().path("model").asText()).isEqualTo("whisper-1");
        assertThat(head.fields().path("language").asText()).isEqualTo("en");
        assertThat(head.head().getString(head.modelStart(), head.modelEnd())).isEqualTo("whisper-1");
    }

    @Test
    void holdsASmallFileThatComesBeforeTheModel() {
        MultipartHead head = new MultipartHead(B, 1 << 20);

        boolean found = head.feed(
                Buffer.buffer(filePart("AUDIO\r\n--not-the-boundary") + part("model", "m") + "--" + B + "--\r\n"));

        assertThat(found).isTrue();
        assertThat(head.fields().path("model").asText()).isEqualTo("m");
        assertThat(head.fields().has("file")).isFalse();
    }

    @Test
    void refusesAFileBeforeTheModelOnceItPassesTheLimit() {
        MultipartHead head = new MultipartHead(B, 100);

        assertThatThrownBy(() -> head.feed(Buffer.buffer(filePart("A".repeat(200)))))
                .isInstanceOf(GatewayError.class)
                .hasMessageContaining("'model' field must come before the file");
    }

    @Test
    void refusesAFormWithoutAModel() {
        MultipartHead head = new MultipartHead(B, 1 << 20);

        assertThat(head.feed(Buffer.buffer(filePart("AUDIO") + "--" + B + "--\r\n")))
                .isFalse();
        assertThatThrownBy(head::end).isInstanceOf(GatewayError.class).hasMessageContaining("model");
    }

    @Test
    void readsTheBoundaryOfAFormContentTypeOnly() {
        assertThat(MultipartHead.boundaryOf("multipart/form-data; boundary=\"abc\""))
                .isEqualTo("abc");
        assertThat(MultipartHead.boundaryOf("Multipart/Form-Data;boundary=q1")).isEqualTo("q1");
        assertThat(MultipartHead.boundaryOf("application/json")).isNull();
        assertThat(MultipartHead.boundaryOf("multipart/form-data")).isNull();
    }
}
