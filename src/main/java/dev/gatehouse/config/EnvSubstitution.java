package dev.gatehouse.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config strings with environment values,
 * so secrets stay out of the file. Substitution happens per value after parsing, so a secret's
 * characters can never change the YAML structure. <code>$${</code> escapes a literal <code>${</code>.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    String substitute(String text, String path, List<ConfigProblem> problems) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else {
                String value = env.get(m.group(1));
                if (value == null || value.isEmpty()) {
                    value = m.group(2);
                }
                if (value == null) {
                    problems.add(new ConfigProblem(path, "environment variable " + m.group(1) + " is not set"));
                    value = "";
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
