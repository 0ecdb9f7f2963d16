package dev.gatehouse.json;

import java.io.IOException;

/**
 * Bytes that {@link Json#parse} was told were JSON are not. Unchecked because those bytes were
 * written by the gateway itself, so this is a bug to surface as a 500, not an input to handle;
 * input from outside goes through {@link Json#tryParse} instead.
 */
public final class MalformedJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedJsonException(IOException cause) {
        super("not valid JSON", cause);
    }
}
