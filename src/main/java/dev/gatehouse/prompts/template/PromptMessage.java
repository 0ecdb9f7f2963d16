package dev.gatehouse.prompts.template;

/** One message of a template version: a chat role and its parsed text. */
public record PromptMessage(String role, TemplateText content) {}
