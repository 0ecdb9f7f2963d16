package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config strings with environment values,
 * {@code ${file:/run/secrets/x}} with a file's trimmed contents and {@code ${vault:mount/path#field}}
 * with a field of a HashiCorp Vault KV v2 secret, so secrets stay out of the file. Substitution
 * happens per value after parsing, so a secret's characters can never change the YAML structure.
 * <code>$${</code> escapes a literal <code>${</code>. One instance serves one load: files and Vault
 * are read again by the next load (a reload), and a problem names the reference, never its value.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$\\{|\\$\\{(?:(file|vault):([^}]*)" + "|([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?)}");

    private final Map<String, String> env;
    private final SecretSources secrets;
    private final List<ConfigProblem> unset = new ArrayList<>();

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
        this.secrets = new SecretSources(env);
    }

    /**
     * {@code problems} without what was found wrong with a value whose variable is unset: such a
     * value is empty only because the variable is missing ({@code port: ${PORT}} is not "a bad
     * number"), so the missing variable is the one problem worth reporting at its path.
     */
    List<ConfigProblem> withoutFollowOns(List<ConfigProblem> problems) {
        Set<String> paths = new HashSet<>();
        unset.forEach(p -> paths.add(p.path()));
        List<ConfigProblem> kept = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            if (!paths.contains(problem.path()) || unset.stream().anyMatch(u -> u == problem)) {
                kept.add(problem);
            }
        }
        return kept;
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
            } else if (m.group(1) != null) {
                replacement = fromSource(m.group(1), m.group(2), m.group(), path, problems);
            } else {
                String value = env.get(m.group(3));
                if (value == null || value.isEmpty()) {
                    value = m.group(4);
                }
                if (value == null) {
                    value = missing(path, "environment variable " + m.group(3) + " is not set", problems);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromSource(
            String source, String target, String reference, String path, List<ConfigProblem> problems) {
        try {
            return source.equals("file") ? secrets.file(target) : secrets.vault(target);
        } catch (SecretSources.Unreadable e) {
            return missing(path, reference + " " + e.getMessage(), problems);
        }
    }

    private String missing(String path, String message, List<ConfigProblem> problems) {
        ConfigProblem problem = new ConfigProblem(path, message);
        unset.add(problem);
        problems.add(problem);
        return "";
    }
}
