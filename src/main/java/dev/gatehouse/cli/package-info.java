/** The picocli commands of the one jar: serve, config check, mock, keys, usage and audit verify. */
@NullMarked
package dev.gatehouse.cli;

import org.jspecify.annotations.NullMarked;
