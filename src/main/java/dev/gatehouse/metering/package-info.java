/** Metering: the meter and account stages, usage records, request listeners, the staging ring, spool, usage store and audit log. */
@NullMarked
package dev.gatehouse.metering;

import org.jspecify.annotations.NullMarked;
