package dev.gatehouse.config;

/** Model-name patterns where {@code *} matches any run of characters ({@code gpt-*}, {@code *-mini}). */
public final class Glob {

    private Glob() {}

    public static boolean isPattern(String name) {
        return name.indexOf('*') >= 0;
    }

    public static boolean matches(String pattern, String text) {
        return isPattern(pattern) ? matches(pattern, 0, text, 0) : pattern.equals(text);
    }

    private static boolean matches(String glob, int g, String text, int t) {
        while (g < glob.length()) {
            char c = glob.charAt(g);
            if (c == '*') {
                for (int i = text.length(); i >= t; i--) {
                    if (matches(glob, g + 1, text, i)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || text.charAt(t) != c) {
                return false;
            }
            g++;
            t++;
        }
        return t == text.length();
    }
}
