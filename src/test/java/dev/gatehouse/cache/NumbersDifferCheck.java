package dev.gatehouse.cache;

import dev.gatehouse.cache.semantic.MeaningCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A test meaning check that refuses two texts whose numbers differ, and lets every other pair through. */
final class NumbersDifferCheck implements MeaningCheck {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Override
    public @Nullable String difference(String cached, String asked) {
        return numbers(cached).equals(numbers(asked)) ? null : "numbers differ";
    }

    private static List<String> numbers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
