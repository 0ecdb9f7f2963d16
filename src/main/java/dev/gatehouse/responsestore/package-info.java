/**
 * The responses the gateway keeps for the Responses API: the {@link dev.gatehouse.responsestore.ResponseStore}
 * SPI and its JDBC implementation, the asynchronous {@link dev.gatehouse.responsestore.ResponseArchive}
 * the event loops use, and the stage that continues a conversation from {@code previous_response_id}.
 */
@NullMarked
package dev.gatehouse.responsestore;

import org.jspecify.annotations.NullMarked;
