/**
 * The guardrail SPI: a check over the texts a request sends to a model or an answer returns, deciding
 * to allow them, redact them or block the request. Knows no gateway type, so detectors (PII, prompt
 * injection, remote services) are written against it alone, and the stage that applies them
 * ({@code guardrail.stage}) decides which texts they see.
 */
@NullMarked
package dev.gatehouse.guardrail;

import org.jspecify.annotations.NullMarked;
