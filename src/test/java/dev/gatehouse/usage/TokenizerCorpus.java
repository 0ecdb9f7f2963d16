package dev.gatehouse.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Texts that probe a tokenizer's pre-tokenization and merging: random mixes of the character
 * classes its patterns tell apart, prose in several scripts, code, JSON and long runs of one
 * character. Deterministic: the same seed gives the same texts.
 */
final class TokenizerCorpus {

    private static final String[] FRAGMENTS = {
        "'s",
        "'t",
        "'re",
        "'ve",
        "'m",
        "'ll",
        "'d",
        "'S",
        "'T",
        "'RE",
        "'Ve",
        "'LL",
        "'D",
        "'\u017F",
        "'x",
        "'",
        " ",
        "  ",
        "   ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " \n ",
        "\u000B",
        "\u000C",
        "\u0085",
        "\u00A0",
        "\u1680",
        "\u2003",
        "\u2028",
        "\u2029",
        "\u202F",
        "\u205F",
        "\u3000",
        "\u001C",
        "\u200B",
        "0",
        "7",
        "42",
        "123",
        "2024",
        "3.14",
        "1,000,000",
        "\u00B2",
        "\u00BD",
        "\u2167",
        "\uFF15",
        "\u0665",
        "\u096A",
        ".",
        ",",
        "!",
        "?",
        "...",
        "--",
        "/",
        "//",
        "\\",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "<",
        ">",
        "\"",
        "`",
        "#",
        "@",
        "$",
        "%",
        "^",
        "&",
        "*",
        "_",
        "-",
        "+",
        "=",
        "|",
        "~",
        ";",
        ":",
        "\u00AB",
        "\u00BB",
        "\u2014",
        "\u2026",
        "\u3001",
        "\u3002",
        "the",
        "The",
        "THE",
        "hello",
        "World",
        "don",
        "can",
        "HTML",
        "iPhone",
        "McDonald",
        "camelCase",
        "snake_case",
        "\u00E9t\u00E9",
        "na\u00EFve",
        "e\u0301",
        "\u0301",
        "\u0915\u093F",
        "\u0928\u092E\u0938\u094D\u0924\u0947",
        "\u043F\u0440\u0438\u0432\u0435\u0442",
        "\u041C\u043E\u0441\u043A\u0432\u0430",
        "\u03A9\u03BC\u03AD\u03B3\u03B1",
        "\u0645\u0631\u062D\u0628\u0627",
        "\u05E9\u05DC\u05D5\u05DD",
        "\u4F60\u597D",
        "\u4E16\u754C",
        "\u65E5\u672C\u8A9E",
        "\u3053\u3093\u306B\u3061\u306F",
        "\u30AB\u30BF\u30AB\u30CA",
        "\uD55C\uAD6D\uC5B4",
        "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35",
        "\u01C5",
        "\u02B0",
        "\u1E9E",
        "\uFB01",
        "\u2160",
        "\uD83D\uDE00",
        "\uD83D\uDC4D\uD83C\uDFFD",
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "\uD83C\uDDE9\uD83C\uDDEA",
        "\u2764\uFE0F",
        "\uD83E\uDD16",
        "\uD835\uDC00",
        "\uD840\uDC00",
        "\uD80C\uDC00",
        "\uDB40\uDC41",
        "\uDBFF\uDFFD",
        "\uD83D",
        "\uDE00",
        "\uFFFD",
        "\uFEFF",
        "\u0000",
    };

    private TokenizerCorpus() {}

    /** {@code count} random texts of up to {@code maxParts} fragments and random code points. */
    static List<String> random(long seed, int count, int maxParts) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int parts = 1 + random.nextInt(maxParts);
            StringBuilder text = new StringBuilder();
            for (int p = 0; p < parts; p++) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                } else if (kind < 8) {
                    text.appendCodePoint(randomCodePoint(random));
                } else if (kind == 8) {
                    // A run of one character: whitespace, digit or letter runs split in their own ways.
                    String unit = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                    text.append(unit.repeat(1 + random.nextInt(12)));
                } else {
                    text.append((char) random.nextInt(0x80));
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** Any code point, weighted towards the planes with assigned characters; may be a lone surrogate. */
    private static int randomCodePoint(SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0:
                return random.nextInt(0x80, 0x800);
            case 1:
                return random.nextInt(0x800, 0x10000);
            case 2:
                return random.nextInt(0x10000, 0x30000);
            case 3:
                return random.nextInt(0x30000, 0x110000);
            case 4:
                return random.nextInt(0xD800, 0xE000);
            default:
                return random.nextInt(0x20, 0x3000);
        }
    }

    /** Prose, code and JSON as users send them. */
    static List<String> realistic() {
        return List.of(
                "Summarize the following paragraph in two sentences, keeping every number and name exactly as written, please.",
                "I'm sure you'll agree: we've seen they're right, and it's what I'd've done. DON'T SHOUT! Won't you?",
                "The quick brown fox jumps over the lazy dog.\n\nIn 1969, 600 million people watched Apollo 11 land.\r\n",
                "Der schnelle braune Fuchs springt \u00FCber den faulen Hund. Stra\u00DFe, \u00C4rger, \u00DCbermut.",
                "Le c\u0153ur a ses raisons que la raison ne conna\u00EEt point. \u00C7a va? Tr\u00E8s bien, merci!",
                "El ni\u00F1o comi\u00F3 ma\u00F1ana a las 10:30. \u00BFD\u00F3nde est\u00E1 la biblioteca?",
                "\u0412 \u0447\u0430\u0449\u0430\u0445 \u044E\u0433\u0430 \u0436\u0438\u043B \u0431\u044B \u0446\u0438\u0442\u0440\u0443\u0441? \u0414\u0430, \u043D\u043E \u0444\u0430\u043B\u044C\u0448\u0438\u0432\u044B\u0439 \u044D\u043A\u0437\u0435\u043C\u043F\u043B\u044F\u0440!",
                "\u6211\u4EEC\u9700\u8981\u5728\u661F\u671F\u4E94\u4E4B\u524D\u5B8C\u6210\u8FD9\u4E2A\u9879\u76EE\u3002\u8BF7\u786E\u8BA4\u4F60\u7684\u65F6\u95F4\u5B89\u6392\uFF0C\u8C22\u8C22\uFF01",
                "\u4ECA\u65E5\u306F\u3044\u3044\u5929\u6C17\u3067\u3059\u306D\u3002\u30B3\u30FC\u30D2\u30FC\u3092\u98F2\u307F\u307E\u3057\u3087\u3046\u304B\uFF1F",
                "\uC548\uB155\uD558\uC138\uC694, \uC800\uB294 \uD559\uC0DD\uC785\uB2C8\uB2E4. \uB9CC\uB098\uC11C \uBC18\uAC11\uC2B5\uB2C8\uB2E4!",
                "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064A\u0643\u0645 \u0648\u0631\u062D\u0645\u0629 \u0627\u0644\u0644\u0647. \u0643\u064A\u0641 \u062D\u0627\u0644\u0643\u061F",
                "\u0906\u092A \u0915\u0948\u0938\u0947 \u0939\u0948\u0902? \u092E\u0948\u0902 \u0920\u0940\u0915 \u0939\u0942\u0901\u0964 \u0967\u0968\u0969 \u0930\u0941\u092A\u092F\u0947\u0964",
                "\u0E20\u0E32\u0E29\u0E32\u0E44\u0E17\u0E22\u0E44\u0E21\u0E48\u0E21\u0E35\u0E0A\u0E48\u0E2D\u0E07\u0E27\u0E48\u0E32\u0E07\u0E23\u0E30\u0E2B\u0E27\u0E48\u0E32\u0E07\u0E04\u0E33",
                "Great job! \uD83C\uDF89\uD83C\uDF89 \uD83D\uDC68\u200D\uD83D\uDCBB ships \uD83D\uDE80 at 9am \uD83D\uDC4D\uD83C\uDFFF\u2764\uFE0F\uD83C\uDDFA\uD83C\uDDF8",
                "public static int count(String model, String text) {\n    return text == null || text.isEmpty() ? 0 : tokenizerFor(model).count(text);\n}\n",
                "def fib(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
                "#include <stdio.h>\nint main(void) {\n\tprintf(\"%d\\n\", 42);\n\treturn 0;\n}\n",
                "SELECT u.id, COUNT(*) AS n FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 100.50 GROUP BY u.id;",
                "const x = await fetch(`https://api.example.com/v1/items?id=${id}&limit=10`);\n// TODO(#20): retry\n",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":16,\"temperature\":0.7}",
                "{\n  \"id\": \"chatcmpl-9x8Y7z\",\n  \"object\": \"chat.completion\",\n  \"created\": 1718000000,\n  \"choices\": [\n    {\"index\": 0, \"finish_reason\": \"stop\"}\n  ],\n  \"usage\": {\"prompt_tokens\": 28, \"completion_tokens\": 5}\n}",
                "<html><body><p class=\"note\">5 &lt; 6 &amp;&amp; 7 &gt; 3</p></body></html>",
                "aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZW5jb2RlZCB0ZXh0IHdpdGggc29tZSBsZW5ndGggdG8gaXQ=",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0x7fffffff 1e-9 -3.5E+10",
                "   leading spaces and trailing ones   ",
                "tabs\t\tand\u00A0nbsp\u2003em space\u3000ideographic\n\n\n  \n\t\nend");
    }

    /** Long runs that make naive pre-tokenizers or merges slow. */
    static List<String> longRuns() {
        return List.of(
                "a".repeat(10_000),
                " ".repeat(5_000),
                " ".repeat(5_000) + "x",
                "\n".repeat(3_000),
                " \n".repeat(2_000),
                "ab".repeat(3_000),
                "Ab".repeat(2_000),
                "0123456789".repeat(500),
                ".".repeat(4_000),
                "=-".repeat(2_000) + "\n",
                "\u00E9".repeat(3_000),
                "\u4E00".repeat(3_000),
                "\uD83D\uDE00".repeat(1_000),
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D".repeat(500),
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(300),
                "x".repeat(499) + "y".repeat(2),
                "qwertyuiopasdfghjklzxcvbnm".repeat(200));
    }
}
