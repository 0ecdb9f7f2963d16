/** Reading, validating and snapshotting the gateway's YAML config. */
@NullMarked
package dev.gatehouse.config;

import org.jspecify.annotations.NullMarked;
