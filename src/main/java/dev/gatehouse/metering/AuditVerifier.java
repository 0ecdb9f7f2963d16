package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Checks an audit log's hash chain from its first entry to its last. Blocking (reads the file). */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome: {@code entries} verified; when the chain is broken, the 1-based {@code line} of
     * the first bad entry, its {@code seq} if readable (else -1), and why.
     */
    public record Result(long entries, long line, long seq, @Nullable String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private AuditVerifier() {}

    public static Result verify(Path file) throws IOException {
        String prev = AuditChain.GENESIS;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                AuditChain.Parsed parsed = AuditChain.parse(line);
                if (parsed == null) {
                    return new Result(lineNo - 1, lineNo, -1, "is not an audit entry (torn, truncated or edited)");
                }
                long seq = seqOf(parsed.hashed());
                if (!AuditChain.sha256(parsed.hashed()).equals(parsed.hash())) {
                    return new Result(lineNo - 1, lineNo, seq, "its content does not match its hash (the entry was changed)");
                }
                if (!parsed.prev().equals(prev)) {
                    return new Result(lineNo - 1, lineNo, seq,
                            "its prev hash is not the previous entry's hash (an entry was removed, inserted or reordered)");
                }
                if (seq != lineNo) {
                    return new Result(lineNo - 1, lineNo, seq, "its sequence number is " + seq + ", expected " + lineNo);
                }
                prev = parsed.hash();
            }
        }
        return new Result(lineNo, 0, 0, null);
    }

    private static long seqOf(String json) {
        try {
            return JSON.readTree(json).path("seq").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
