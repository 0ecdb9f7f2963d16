package dev.gatehouse.metering;

/**
 * How far an audit log's hash chain reached: its last entry's sequence number and hash.
 *
 * @param chainId the hash of the log's first entry, which names the log wherever its file is copied
 */
public record AuditHead(String chainId, long seq, String hash) {}
