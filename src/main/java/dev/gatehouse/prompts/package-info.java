/**
 * Prompt templates in the gateway: the registry requests render from (config templates and stored
 * ones, held in memory in the state snapshot), the {@link PromptStore} SPI and its JDBC
 * implementation, the rereads after a change here or on another instance ({@link StoredPrompts}),
 * and the {@link RenderPrompt} stage.
 */
@NullMarked
package dev.gatehouse.prompts;

import org.jspecify.annotations.NullMarked;
