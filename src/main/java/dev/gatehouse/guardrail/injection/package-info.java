/**
 * The built-in prompt-injection guardrail: a heuristic scorer that normalises a text (case, spacing,
 * zero-width and invisible characters, homoglyphs) and sums weighted signals of known injection
 * patterns (override instructions, system prompt extraction, role-play jailbreaks, role and delimiter
 * spoofing, encoded payloads, their commonest translations), plus the labelled evaluation set and its
 * evaluator behind {@code gatehouse guardrail eval}.
 */
@NullMarked
package dev.gatehouse.guardrail.injection;

import org.jspecify.annotations.NullMarked;
