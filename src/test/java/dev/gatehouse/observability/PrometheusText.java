package dev.gatehouse.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the samples of a Prometheus text exposition, for assertions on families and label sets. */
record PrometheusText(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {

        boolean matches(String family, Map<String, String> wanted) {
            return name.equals(family)
                    && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    static PrometheusText parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                readLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
            } else {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new PrometheusText(samples);
    }

    /** {@code name="value",...} with the exposition's escapes ({@code \\}, {@code \"}, {@code \n}). */
    private static void readLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            String name = text.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\') {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(name, value.toString());
            i = j + 2;
        }
    }

    static double sum(String body, String family, Map<String, String> labels) {
        return parse(body).sum(family, labels);
    }

    double sum(String family, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.matches(family, labels))
                .mapToDouble(Sample::value)
                .sum();
    }

    List<Sample> family(String family) {
        return samples.stream().filter(s -> s.name().equals(family)).toList();
    }

    Set<String> values(String family, String label) {
        Set<String> out = new TreeSet<>();
        for (Sample s : family(family)) {
            String v = s.labels().get(label);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
