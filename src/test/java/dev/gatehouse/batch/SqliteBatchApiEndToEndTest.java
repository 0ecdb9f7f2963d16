package dev.gatehouse.batch;

import java.nio.file.Path;

class SqliteBatchApiEndToEndTest extends BatchApiEndToEndTest {

    @Override
    String storeSection(Path dir) {
        return "store:\n  type: sqlite\n  path: \"" + dir.resolve("gatehouse.db") + "\"\nusage:\n  spool_dir: \""
                + dir.resolve("spool") + "\"\n";
    }
}
