package dev.gatehouse.guardrail;

/** Which way the checked text travels. */
public enum Direction {
    /** The request's texts, before they reach a provider. */
    INPUT,
    /** The answer's texts, before they reach the client (for a stream: a bounded window of it). */
    OUTPUT
}
