package dev.gatehouse.usage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The provider id shapes that name a model of the price table in another spelling. Each rule is
 * explicit and whole-id; nothing here guesses by prefix, so an id no rule rewrites is looked up as it
 * is, and one the table does not know is unpriced.
 *
 * <ul>
 *   <li><b>Gemini resource names</b>: {@code models/gemini-2.5-pro} is {@code gemini-2.5-pro} (the
 *       Gemini API's {@code name} field).
 *   <li><b>Bedrock model and inference-profile ids</b>: {@code [geo.]vendor.model[-vN[:M[:ctx]]]}
 *       with a known vendor, for example {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0}. The
 *       cross-region prefix ({@code us. eu. apac. jp. au. ca. us-gov. global.}) and the version suffix
 *       go. Anthropic's models keep Anthropic's dated id ({@code claude-sonnet-4-5-20250929}), since
 *       Bedrock lists them at Anthropic's prices; other vendors keep the vendor
 *       ({@code amazon.nova-pro}), since their Bedrock prices are Bedrock's own. Anthropic's prices
 *       are those of Bedrock's global endpoint ({@code global.} profiles); an in-region id or a
 *       geographic profile ({@code us.}, {@code eu.}, ...) is a regional endpoint, which from Claude
 *       Sonnet 4.5 and Haiku 4.5 on costs 10% more ("Regional endpoints include a 10% pricing
 *       premium over global endpoints", docs.claude.com pricing, "Third-party platform pricing").
 *       Those models have a {@code bedrock-regional/} row, looked up first; a model without one
 *       costs the same on both.
 *   <li><b>Azure OpenAI model names</b>: Azure spells GPT-3.5 {@code gpt-35-turbo}. Any other Azure
 *       deployment name is the operator's choice and is looked up as it is: name the deployment
 *       after the model, or price it under {@code prices:}.
 * </ul>
 */
final class ProviderModelIds {

    /**
     * The id a rule rewrote {@code original} to, and the rule's name.
     *
     * @param regionalId for a Claude model reached through a Bedrock regional endpoint, the id of its
     *     row with Bedrock's regional premium, looked up before {@code id}; {@code null} otherwise
     */
    record Rewritten(String id, String rule, @Nullable String regionalId) {

        Rewritten(String id, String rule) {
            this(id, rule, null);
        }
    }

    /** The prefix of the rows that price Claude models on Bedrock's regional endpoints. */
    static final String BEDROCK_REGIONAL = "bedrock-regional/";

    private static final Pattern BEDROCK = Pattern.compile("((?:us|eu|apac|jp|au|ca|us-gov|global)\\.)?"
            + "(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer)\\."
            + "([a-z0-9][a-z0-9.-]*?)"
            + "(?:-v\\d+(?::\\d+)?(?::[0-9a-z]+)?)?");

    private ProviderModelIds() {}

    /** The table id {@code id} stands for, or {@code null} when no rule applies. */
    static @Nullable Rewritten rewrite(String id) {
        if (id.startsWith("models/") && id.length() > "models/".length()) {
            return new Rewritten(id.substring("models/".length()), "gemini resource name");
        }
        Matcher bedrock = BEDROCK.matcher(id);
        if (bedrock.matches()) {
            String vendor = bedrock.group(2);
            String model = bedrock.group(3);
            String rewritten = vendor.equals("anthropic") ? model : vendor + "." + model;
            // A table row such as amazon.nova-pro is already in the shape the rule produces.
            if (rewritten.equals(id)) {
                return null;
            }
            // Only a global. inference profile is the global endpoint; an in-region id and a
            // geographic profile (us., eu., ...) are regional endpoints.
            boolean regional = vendor.equals("anthropic") && !"global.".equals(bedrock.group(1));
            return new Rewritten(rewritten, "bedrock model id", regional ? BEDROCK_REGIONAL + model : null);
        }
        if (id.startsWith("gpt-35-")) {
            return new Rewritten("gpt-3.5-" + id.substring("gpt-35-".length()), "azure model name");
        }
        return null;
    }
}
