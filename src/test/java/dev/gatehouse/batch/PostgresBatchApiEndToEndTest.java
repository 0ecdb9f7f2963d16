package dev.gatehouse.batch;

import dev.gatehouse.testing.TestServices;
import java.nio.file.Path;

class PostgresBatchApiEndToEndTest extends BatchApiEndToEndTest {

    @Override
    String storeSection(Path dir) {
        return "store:\n  type: postgres\n  url: \"" + TestServices.postgresSchema() + "\"\nusage:\n  spool_dir: \""
                + dir.resolve("spool") + "\"\n";
    }
}
