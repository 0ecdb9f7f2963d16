package dev.gatehouse.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * A time-series chart: an element whose {@code data-chart} attribute holds the points as JSON, drawn
 * by {@code dashboard.js} with uPlot. The table beside every chart carries the same numbers for
 * screen readers and keyboards.
 */
final class Chart {

    record Series(String label, double[] values) {}

    private Chart() {}

    static Html of(String label, List<Instant> times, List<Series> series) {
        ObjectNode data = Json.object();
        ArrayNode x = data.putArray("x");
        times.forEach(t -> x.add(t.getEpochSecond()));
        ArrayNode ys = data.putArray("series");
        for (Series s : series) {
            ObjectNode one = ys.addObject().put("label", s.label());
            ArrayNode values = one.putArray("values");
            for (double v : s.values()) {
                values.add(Math.round(v * 10_000) / 10_000.0);
            }
        }
        return new Html()
                .el("div", "", "class", "chart", "role", "img", "aria-label", label, "data-chart", data.toString());
    }
}
