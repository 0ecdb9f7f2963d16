package dev.gatehouse.ui;

import org.jspecify.annotations.Nullable;

/**
 * An HTML builder that escapes every text and attribute value it is given. Tag and attribute names
 * come from this package's code only, never from data, so a page cannot carry markup from a stored
 * value (a key alias, a model name, an alert summary). Chosen over a template engine because the
 * pages are small, and this way every value is typed and checked by the compiler and NullAway.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(4096);

    /** Opens {@code tag} with attribute name and value pairs; a null value leaves its attribute out. */
    Html open(String tag, @Nullable String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            String value = attributes[i + 1];
            if (value != null) {
                out.append(' ')
                        .append(attributes[i])
                        .append("=\"")
                        .append(escape(value))
                        .append('"');
            }
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element holding only text. */
    Html el(String tag, @Nullable Object text, @Nullable String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    Html text(@Nullable Object text) {
        if (text != null) {
            out.append(escape(text.toString()));
        }
        return this;
    }

    Html add(Html other) {
        out.append(other.out);
        return this;
    }

    /** A link. */
    Html a(String href, @Nullable Object text, @Nullable String... attributes) {
        String[] all = new String[attributes.length + 2];
        all[0] = "href";
        all[1] = href;
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        return el("a", text, all);
    }

    /** A hidden form field. */
    Html hidden(String name, String value) {
        return open("input", "type", "hidden", "name", name, "value", value);
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
