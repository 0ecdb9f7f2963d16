/** The request pipeline: the exchange and its typed keys, the stage chain and its contract, replies, and logged 500s. */
@NullMarked
package dev.gatehouse.pipeline;

import org.jspecify.annotations.NullMarked;
