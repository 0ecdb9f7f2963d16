/**
 * OpenAI's Files and Batch API: uploaded JSONL files of requests ({@code /v1/files}), batches that
 * run each line through the gateway's own pipeline as the creating key at low priority
 * ({@code /v1/batches}), their state in the store (files, batches, per-line results, a lease so one
 * instance runs a batch at a time) and their bodies on disk.
 */
@NullMarked
package dev.gatehouse.batch;

import org.jspecify.annotations.NullMarked;
