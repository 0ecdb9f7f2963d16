package dev.gatehouse.prompts.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One message text of a template, parsed once when the version is created: literal text and
 * {@code {{name}}} slots (spaces inside the braces allowed). {@code \{{} writes a literal
 * {@code {{}. Rendering is one pass over the parsed parts, so a value is inserted verbatim and is
 * never read as template syntax: a value holding {@code {{other}}} stays that text. Immutable.
 *
 * @param source the text as written
 */
public record TemplateText(String source, List<Part> parts) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** A piece of a template: literal text or a variable's slot. */
    public sealed interface Part permits Literal, Slot {}

    public record Literal(String text) implements Part {}

    public record Slot(String name) implements Part {}

    public TemplateText {
        parts = List.copyOf(parts);
    }

    /**
     * Parses {@code source}.
     *
     * @throws TemplateSyntaxException an unclosed {@code {{}, an empty one, or a name that is not
     *     letters, digits and {@code _} (not starting with a digit, at most 64), with its position
     */
    public static TemplateText parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("\\{{", i)) {
                literal.append("{{");
                i += 3;
            } else if (source.startsWith("{{", i)) {
                int close = source.indexOf("}}", i + 2);
                if (close < 0) {
                    throw new TemplateSyntaxException(i + 1, "'{{' is never closed with '}}'");
                }
                String name = source.substring(i + 2, close).trim();
                if (name.isEmpty()) {
                    throw new TemplateSyntaxException(i + 1, "'{{}}' names no variable");
                }
                if (!NAME.matcher(name).matches()) {
                    throw new TemplateSyntaxException(
                            i + 1,
                            "'{{" + name + "}}' is not a variable name (letters, digits and _, not starting"
                                    + " with a digit, at most 64)");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Slot(name));
                i = close + 2;
            } else {
                literal.append(source.charAt(i));
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new TemplateText(source, parts);
    }

    /** The names of the variables this text uses, in order of first use. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Slot s) {
                names.add(s.name());
            }
        }
        return names;
    }

    /** The text with each slot replaced by its value, verbatim. Every slot must have a value. */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (Part p : parts) {
            if (p instanceof Slot s) {
                out.append(Objects.requireNonNull(values.get(s.name()), s.name()));
            } else {
                out.append(((Literal) p).text());
            }
        }
        return out.toString();
    }
}
