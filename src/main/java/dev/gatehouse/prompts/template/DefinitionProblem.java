package dev.gatehouse.prompts.template;

/**
 * One thing wrong with a prompt definition.
 *
 * @param path where, relative to the definition ({@code messages[0].content}); empty for the whole
 * @param message what is wrong, ending without a period
 */
public record DefinitionProblem(String path, String message) {

    /** The problem under {@code prefix} ({@code prompts[0].versions[1]} in the config file). */
    public DefinitionProblem under(String prefix) {
        return new DefinitionProblem(
                prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path,
                message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
