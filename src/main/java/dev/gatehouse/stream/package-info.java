/** Chunk streams and Server-Sent Events, decoded once into typed events. */
@NullMarked
package dev.gatehouse.stream;

import org.jspecify.annotations.NullMarked;
