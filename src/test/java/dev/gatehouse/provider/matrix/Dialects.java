package dev.gatehouse.provider.matrix;

import java.util.List;

/** Every dialect the matrix runs. */
final class Dialects {

    private Dialects() {}

    static List<Dialect> all() {
        return List.of(
                new OpenAiDialect(),
                new AzureDialect(),
                new AnthropicDialect(),
                new GeminiDialect(),
                new CohereDialect(),
                new BedrockDialect());
    }
}
