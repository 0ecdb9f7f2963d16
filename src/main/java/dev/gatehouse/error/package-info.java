/** The error vocabulary: kinds, the exception that ends an exchange, and the client-facing error bodies. */
@NullMarked
package dev.gatehouse.error;

import org.jspecify.annotations.NullMarked;
