/** Token counting, usage as providers report it, and what it costs. */
@NullMarked
package dev.gatehouse.usage;

import org.jspecify.annotations.NullMarked;
