/**
 * Prompt templates as data: the text of a message with {@code {{variables}}} ({@link TemplateText}),
 * an immutable numbered version ({@link PromptVersion}) with the JSON schema of its variables, the
 * labels that point at versions or split traffic between them ({@link LabelTarget}), and the strict
 * reader of their JSON definitions shared by the config file, the admin API and the store. Pure; knows
 * no gateway type but the error vocabulary.
 */
@NullMarked
package dev.gatehouse.prompts.template;

import org.jspecify.annotations.NullMarked;
