package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit log's hash chain from its first entry to its last and, given the head the usage
 * store kept ({@link AuditAnchors}), that the log still reaches it: a log cut short has an intact
 * chain, so only the head kept elsewhere shows what is missing. Blocking (reads the file).
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome: {@code entries} verified; when the log is broken, the 1-based {@code line} of the
     * first bad entry (or of the first missing one), its {@code seq} if readable (else -1), why, and
     * how many entries are {@code missing} from the end (0 unless it was cut short).
     */
    public record Result(
            long entries, long line, long seq, @Nullable String problem, long missing) {
        public boolean ok() {
            return problem == null;
        }

        static Result broken(long line, long seq, String problem) {
            return new Result(line - 1, line, seq, problem, 0);
        }
    }

    private AuditVerifier() {}

    /** The id of the log's chain (its first entry's hash), or {@code null} when it has no readable first entry. */
    public static @Nullable String chainId(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            AuditChain.Parsed parsed = first == null ? null : AuditChain.parse(first);
            return parsed == null ? null : parsed.hash();
        }
    }

    /** Checks the chain alone: entries cut off the end go unnoticed. */
    public static Result verify(Path file) throws IOException {
        return verify(file, null);
    }

    /**
     * Checks the chain and, when {@code head} is given, that the entry at its sequence number has its
     * hash and that the log reaches at least that far.
     */
    public static Result verify(Path file, @Nullable AuditHead head) throws IOException {
        String prev = AuditChain.GENESIS;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                AuditChain.Parsed parsed = AuditChain.parse(line);
                if (parsed == null) {
                    return Result.broken(lineNo, -1, "is not an audit entry (torn, truncated or edited)");
                }
                long seq = seqOf(parsed.hashed());
                if (!AuditChain.sha256(parsed.hashed()).equals(parsed.hash())) {
                    return Result.broken(lineNo, seq, "its content does not match its hash (the entry was changed)");
                }
                if (!parsed.prev().equals(prev)) {
                    return Result.broken(
                            lineNo,
                            seq,
                            "its prev hash is not the previous entry's hash (an entry was removed, inserted or reordered)");
                }
                if (seq != lineNo) {
                    return Result.broken(lineNo, seq, "its sequence number is " + seq + ", expected " + lineNo);
                }
                if (head != null && seq == head.seq() && !parsed.hash().equals(head.hash())) {
                    return Result.broken(
                            lineNo,
                            seq,
                            "its hash is not the one the usage store kept for seq " + seq
                                    + " (the log was rewritten from here on)");
                }
                prev = parsed.hash();
            }
        }
        if (head != null && lineNo < head.seq()) {
            long missing = head.seq() - lineNo;
            return new Result(
                    lineNo,
                    lineNo + 1,
                    lineNo + 1,
                    missing + " entries missing from the end: the log ends at seq " + lineNo
                            + ", but the usage store kept its head at seq " + head.seq() + " (the chain up to seq "
                            + lineNo + " is intact)",
                    missing);
        }
        return new Result(lineNo, 0, 0, null, 0);
    }

    private static long seqOf(String json) {
        try {
            return JSON.readTree(json).path("seq").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
