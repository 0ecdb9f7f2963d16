package dev.gatehouse.prompts.template;

/** A template message with its variables filled in. */
public record RenderedMessage(String role, String content) {}
