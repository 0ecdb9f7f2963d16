/** How client keys are hashed for storage and lookup. */
@NullMarked
package dev.gatehouse.hashing;

import org.jspecify.annotations.NullMarked;
