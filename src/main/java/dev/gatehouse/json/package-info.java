/** Wire JSON: the shared Jackson mapper and how the gateway parses and encodes trees. */
@NullMarked
package dev.gatehouse.json;

import org.jspecify.annotations.NullMarked;
