package dev.gatehouse.guardrail.pii;

import java.util.regex.Pattern;

/** A PII type defined in the config: values matching {@code pattern} are reported as {@code name}. */
public record CustomPattern(String name, Pattern pattern, PiiAction action) {}
