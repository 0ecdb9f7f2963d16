/**
 * The built-in PII guardrail: detectors for e-mail addresses, phone numbers, payment cards, IBANs, US
 * social security numbers, IP addresses, API keys and secrets, and patterns from the config; each
 * entity type has its action (redact, mask and restore, block, log only). Pure and fast enough for an
 * event loop; knows no gateway type beyond the guardrail SPI and the config reader.
 */
@NullMarked
package dev.gatehouse.guardrail.pii;

import org.jspecify.annotations.NullMarked;
