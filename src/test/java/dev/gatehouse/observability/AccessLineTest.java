package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AccessLineTest {

    private static String millis(double value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            AccessLine.writeMillis(g, value);
        }
        return out.toString();
    }

    @Test
    void writesLatencyAsTheRoundedDoubleWouldBeWritten() throws IOException {
        for (long micros = 0; micros < 200_000; micros++) {
            double rounded = micros / 1000.0;
            assertThat(millis(rounded + 0.0002)).isEqualTo(Double.toString(rounded));
        }
        for (double value : new double[] {33.78812, 12.5, 0.0004, 9_999_999.9994, 10_000_000.0, 3.6e9}) {
            assertThat(millis(value)).isEqualTo(Double.toString(Math.round(value * 1000) / 1000.0));
        }
    }
}
