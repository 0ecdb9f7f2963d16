/** The picocli commands of the one jar: serve, config check, mock, keys, usage and audit verify. */
package dev.gatehouse.cli;
