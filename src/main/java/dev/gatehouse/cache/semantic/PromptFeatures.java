package dev.gatehouse.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one text says in the word classes where a single word changes the answer: the parts taken
 * literally (code, quotes, a pasted payload) and the sets of numbers, units, times, names, directions,
 * formats and scope words. Sets, not sequences, so reordering changes nothing; case and punctuation are
 * normalised away, and a misspelt class word is read as the word it is one edit from.
 */
record PromptFeatures(
        Set<String> code,
        Set<String> quotes,
        @Nullable String payload,
        Set<String> numbers,
        Set<String> versions,
        Set<String> units,
        Set<String> times,
        int negations,
        Set<String> names,
        List<Set<Character>> axisSides,
        List<Set<Character>> strongAxisSides,
        Map<String, Set<String>> roles,
        Set<String> formats,
        Set<String> scope,
        Set<String> words) {

    private static final Pattern FENCED = Pattern.compile("```[\\s\\S]*?(```|$)");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern QUOTED =
            Pattern.compile("\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![\\p{L}\\p{N}])'([^'\\n]+)'(?![\\p{L}\\p{N}])");
    private static final Pattern NUMBER =
            Pattern.compile("([$€£¥])?(v)?(\\d[\\d,]*(?:[.:]\\d+)*)(%|°[cf]?|[a-z]+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?:]['\")]?$");
    private static final Pattern SNAKE = Pattern.compile("[A-Za-z0-9]_[A-Za-z0-9]|^_+[A-Za-z]");
    private static final Pattern FLAG_VAR_TAG =
            Pattern.compile("--?[a-z][\\w-]*|\\$[A-Za-z_]\\w*|#[a-z]\\w*|</?[a-z][\\w-]*/?>");
    private static final Pattern PRODUCT_CASE = Pattern.compile("[a-z][A-Z][a-z]+|[a-z]+[A-Z]+");
    private static final Pattern CALL_OR_INDEX = Pattern.compile("[a-z][(\\[{]");
    private static final Set<String> ORDINAL_SUFFIX = Set.of("st", "nd", "rd", "th");
    private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    /** lowerCamelCase identifiers; PascalCase is left to names, since brands are written so (PayPal, GitHub). */
    private static final Pattern CAMEL = Pattern.compile("[a-z]+[A-Z][A-Za-z0-9]*");

    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*)+");
    private static final Pattern EDGE_PUNCT = Pattern.compile("^[\"'“”‘’(\\[{<,;:!?.]+|[\"'“”‘’)\\]}>,;:!?.]+$");
    /** Verbs whose "in" and "out" are a direction (log in / log out), not a preposition. */
    private static final Set<String> PARTICLE_VERBS = Set.of(
            "log",
            "logged",
            "logging",
            "sign",
            "signed",
            "signing",
            "check",
            "checked",
            "checking",
            "opt",
            "opted",
            "zoom",
            "zooming",
            "fade",
            "clock",
            "plug",
            "plugged",
            "scale",
            "scaling",
            "phase",
            "roll",
            "cash",
            "tune",
            "zoomed");

    private static final Set<String> LATIN_ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "a.m", "p.m");
    private static final Set<String> VERSIONED = Set.of(
            "version",
            "release",
            "python",
            "java",
            "node",
            "nodejs",
            "php",
            "ruby",
            "go",
            "golang",
            "ios",
            "android",
            "macos",
            "windows",
            "ubuntu",
            "debian",
            "postgres",
            "postgresql",
            "mysql",
            "redis",
            "react",
            "vue",
            "angular",
            "django",
            "spring",
            "rails",
            "kotlin",
            "scala",
            "rust",
            "gpt",
            "claude",
            "gemini",
            "llama",
            "v",
            "jdk",
            "es",
            "html",
            "css",
            "http",
            "tls",
            "ssl",
            "ipv");

    static PromptFeatures of(String text) {
        Extraction x = new Extraction();
        String rest = x.takeLiterals(text);
        x.readWords(rest);
        return new PromptFeatures(
                Set.copyOf(x.code),
                Set.copyOf(x.quotes),
                x.payload,
                Set.copyOf(x.numbers),
                Set.copyOf(x.versions),
                Set.copyOf(x.units),
                Set.copyOf(x.times),
                x.negations,
                Set.copyOf(x.names),
                List.copyOf(x.axisSides),
                List.copyOf(x.strongAxisSides),
                x.connectorRoles.roles(),
                Set.copyOf(x.formats),
                Set.copyOf(x.scope),
                Set.copyOf(x.words));
    }

    /** Lowercase words and digits only, single-spaced: the literal content of a pasted text. */
    static String flatten(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    /** The mutable state of one extraction. */
    private static final class Extraction {
        final Set<String> code = new HashSet<>();
        final Set<String> quotes = new HashSet<>();

        @Nullable
        String payload;

        final Set<String> numbers = new HashSet<>();
        final Set<String> versions = new HashSet<>();
        final Set<String> units = new HashSet<>();
        final Set<String> times = new HashSet<>();
        int negations;
        final Set<String> names = new HashSet<>();
        final List<Set<Character>> axisSides = new ArrayList<>();
        final List<Set<Character>> strongAxisSides = new ArrayList<>();
        final ConnectorRoles connectorRoles = new ConnectorRoles();
        final Set<String> formats = new HashSet<>();
        final Set<String> scope = new HashSet<>();
        final Set<String> words = new HashSet<>();

        Extraction() {
            for (int i = 0; i < Lexicon.AXES.size(); i++) {
                axisSides.add(new HashSet<>());
                strongAxisSides.add(new HashSet<>());
            }
        }

        /** Removes code, quotes and the pasted payload from {@code text}, keeping each literally. */
        String takeLiterals(String text) {
            String t = text.strip();
            t = take(FENCED, t, m -> code.add(m.group().replace("```", "").strip()));
            t = take(BACKTICKED, t, m -> code.add(m.group(1).strip()));
            t = take(QUOTED, t, m -> {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        quotes.add(m.group(g).strip());
                    }
                }
            });
            int newline = t.indexOf('\n');
            int colon = t.indexOf(": ");
            int cut = newline < 0 ? colon : colon < 0 ? newline : Math.min(newline, colon);
            if (cut >= 0) {
                String pasted = flatten(t.substring(cut + 1));
                if (!pasted.isEmpty()) {
                    payload = pasted;
                }
            }
            return t;
        }

        private static String take(Pattern p, String text, java.util.function.Consumer<Matcher> sink) {
            Matcher m = p.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                sink.accept(m);
                m.appendReplacement(out, " . ");
            }
            m.appendTail(out);
            return out.toString();
        }

        void readWords(String text) {
            boolean sentenceStart = true;
            String previous = "";
            boolean previousWasNumber = false;
            for (String raw : text.split("\\s+")) {
                if (raw.isEmpty()) {
                    continue;
                }
                if (sentenceStart) {
                    connectorRoles.sentenceStart();
                }
                boolean endsSentence = SENTENCE_END.matcher(raw).find();
                String token = EDGE_PUNCT.matcher(raw).replaceAll("");
                if (token.isEmpty()) {
                    sentenceStart |= endsSentence;
                    continue;
                }
                if (isCode(token)) {
                    code.add(token);
                    sentenceStart = endsSentence;
                    previousWasNumber = false;
                    continue;
                }
                List<String> items = new ArrayList<>();
                String name = sentenceStart ? null : capitalisedName(token);
                String acronym = acronym(token);
                for (String n : new String[] {name, acronym}) {
                    if (n != null) {
                        names.add(n);
                        items.add(n);
                    }
                }
                for (String word : splitWord(token)) {
                    boolean number = readWord(word, previous, previousWasNumber, items);
                    previous = word;
                    previousWasNumber = number;
                    items = new ArrayList<>();
                }
                sentenceStart = endsSentence;
            }
        }

        /** Identifiers, calls, paths, flags and operators: literal, compared case-sensitively. */
        private static boolean isCode(String t) {
            if (t.length() < 2) {
                return false;
            }
            if (t.contains("()")
                    || t.contains("::")
                    || t.contains("->")
                    || t.contains("=>")
                    || t.contains("==")
                    || t.contains("!=")
                    || t.contains("+=")
                    || t.contains("&&")
                    || t.contains("||")) {
                return true;
            }
            if (SNAKE.matcher(t).find()) {
                return true;
            }
            if (FLAG_VAR_TAG.matcher(t).matches()) {
                return true;
            }
            if (t.startsWith("/") || t.startsWith("./") || t.startsWith("~/") || t.contains("\\")) {
                return t.length() > 2;
            }
            if (CAMEL.matcher(t).matches()) {
                return !PRODUCT_CASE.matcher(t).matches(); // iPhone, eBay, macOS: product names
            }
            if (DOTTED.matcher(t).matches()) {
                return !LATIN_ABBREVIATIONS.contains(t.toLowerCase(Locale.ROOT));
            }
            return CALL_OR_INDEX.matcher(t).find() || t.contains("=");
        }

        /** A capitalised word that is not a common word, nor a time, format or unit (compared by their own rules). */
        private static @Nullable String capitalisedName(String token) {
            if (Character.isUpperCase(token.codePointAt(0)) && token.chars().anyMatch(Character::isLetter)) {
                String lower = token.toLowerCase(Locale.ROOT).replaceAll("['’]s$", "");
                if (!Lexicon.COMMON_WORDS.contains(lower)
                        && !Lexicon.TIME_WORDS.contains(lower)
                        && !Lexicon.FORMATS.containsKey(lower)
                        && !Lexicon.UNITS.containsKey(lower)) {
                    return lower;
                }
            }
            return null;
        }

        private static @Nullable String acronym(String token) {
            if (token.length() >= 2
                    && Character.isLetter(token.charAt(0))
                    && token.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))
                    && token.chars().filter(Character::isLetter).count() >= 2) {
                String lower = token.toLowerCase(Locale.ROOT);
                if (!Lexicon.COMMON_WORDS.contains(lower)
                        && !Lexicon.FORMATS.containsKey(lower)
                        && !Lexicon.UNITS.containsKey(lower)) {
                    return lower;
                }
            }
            return null;
        }

        /** Lowercases, spells out "n't", splits at hyphens and slashes. */
        private static List<String> splitWord(String token) {
            String t = token.toLowerCase(Locale.ROOT).replace('’', '\'');
            List<String> out = new ArrayList<>();
            for (String part : t.split("[-/–—]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (part.endsWith("n't")) {
                    String stem = part.substring(0, part.length() - 3);
                    out.add(stem.equals("ca") ? "can" : stem.equals("wo") ? "will" : stem);
                    out.add("not");
                } else if (part.endsWith("'s") || part.endsWith("'d") || part.endsWith("'m")) {
                    out.add(part.substring(0, part.length() - 2));
                } else if (part.endsWith("'re") || part.endsWith("'ll") || part.endsWith("'ve")) {
                    out.add(part.substring(0, part.length() - 3));
                } else if (!part.replace("'", "").isEmpty()) {
                    out.add(part.replace("'", ""));
                }
            }
            return out;
        }

        /**
         * Files one lowercase word; returns whether it was a number. {@code items} holds the salient items
         * of its token found so far, and gets this word's.
         */
        private boolean readWord(String raw, String previous, boolean previousWasNumber, List<String> items) {
            String w = Spelling.correct(raw);
            boolean number = readWordItems(w, previous, previousWasNumber, items);
            connectorRoles.word(w, items);
            return number;
        }

        private boolean readWordItems(String word, String previous, boolean previousWasNumber, List<String> items) {
            String w = logInOrOut(word, previous);
            words.add(w);
            Matcher m = NUMBER.matcher(w);
            if (m.matches()) {
                items.addAll(readNumber(m, previous));
                return true;
            }
            if (LATIN_ABBREVIATIONS.contains(w)) {
                return false;
            }
            String asNumber = Lexicon.NUMBER_WORDS.get(w);
            if (asNumber != null && !(w.equals("one") && Lexicon.ONE_AS_PRONOUN_AFTER.contains(previous))) {
                numbers.add(asNumber);
                items.add(asNumber);
                return true;
            }
            String unit = Lexicon.UNITS.get(w);
            if (unit == null && previousWasNumber) {
                unit = Lexicon.UNITS_AFTER_NUMBER.get(w);
            }
            if (unit != null) {
                units.add(unit);
                items.add(unit);
            }
            boolean greeting = previous.equals("good"); // "good morning" greets, it sets no time
            if ((Lexicon.TIME_WORDS.contains(w) && !greeting) || (w.equals("may") && previousWasNumber)) {
                times.add(w);
                items.add(w);
            }
            if (Lexicon.NEGATIONS.contains(w)) {
                negations++;
            }
            if (Lexicon.KNOWN_NAMES.contains(w)) {
                names.add(w);
                items.add(w);
            }
            String format = Lexicon.FORMATS.get(w);
            if (format != null) {
                formats.add(format);
                items.add(format);
            }
            if (Lexicon.SCOPE_WORDS.contains(w)) {
                scope.add(w);
            }
            if (!(previousWasNumber && Lexicon.UNITS_AFTER_NUMBER.containsKey(w))) {
                noteAxes(w);
            }
            return false;
        }

        /** "log in", "zoom out", "checked in": the in and out that are directions, not prepositions. */
        private static String logInOrOut(String w, String previous) {
            if ((w.equals("in") || w.equals("out")) && PARTICLE_VERBS.contains(previous)) {
                return w.equals("in") ? "inward" : "outward";
            }
            return w;
        }

        /** Files a number with its currency and unit; returns them as salient items. */
        private List<String> readNumber(Matcher m, String previous) {
            List<String> items = new ArrayList<>();
            String currency = m.group(1);
            String digits = m.group(3);
            String suffix = m.group(4) == null ? "" : m.group(4).toLowerCase(Locale.ROOT);
            if (currency != null) {
                String unit = Lexicon.UNITS.getOrDefault(currency, currency);
                units.add(unit);
                items.add(unit);
            }
            if (THOUSANDS.matcher(digits).matches()) {
                digits = digits.replace(",", "");
            }
            boolean version = m.group(2) != null
                    || digits.chars().filter(c -> c == '.').count() >= 2
                    || VERSIONED.contains(previous);
            String number = digits;
            if (ORDINAL_SUFFIX.contains(suffix)) {
                number = "#" + digits;
            } else if (suffix.equals("x")) {
                number = "x" + digits;
            } else if (suffix.equals("am") || suffix.equals("pm")) {
                times.add(suffix);
                items.add(suffix);
            } else if (!suffix.isEmpty()) {
                String unit = Lexicon.UNITS.get(suffix);
                if (unit == null) {
                    unit = Lexicon.UNITS_AFTER_NUMBER.getOrDefault(suffix, suffix);
                }
                units.add(unit);
                items.add(unit);
            }
            (version ? versions : numbers).add(number);
            items.add(number);
            return items;
        }

        private void noteAxes(String w) {
            for (int i = 0; i < Lexicon.AXES.size(); i++) {
                Lexicon.Axis axis = Lexicon.AXES.get(i);
                char side = axis.plus().contains(w) ? '+' : axis.minus().contains(w) ? '-' : 0;
                if (side != 0) {
                    axisSides.get(i).add(side);
                    if (!Lexicon.WEAK_AXIS_WORDS.contains(w)) {
                        strongAxisSides.get(i).add(side);
                    }
                }
            }
        }
    }
}
