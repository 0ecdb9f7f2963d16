package dev.gatehouse.batch;

/**
 * A file of the Files API: an uploaded batch input ({@code batch}) or a batch's output or error
 * file ({@code batch_output}). Its bytes are on disk ({@link FileBodies}).
 *
 * @param owner {@code team:<id>} or {@code key:<id>} (see {@link BatchOwner})
 */
public record BatchFile(String id, String owner, String purpose, String filename, long bytes, long createdMs) {}
