package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class NativeHeapTrimTest {

    @Test
    void trimsWhereTheJvmOffersTheCommandAndSaysNoElsewhere() throws Exception {
        boolean offered = Arrays.stream(ManagementFactory.getPlatformMBeanServer()
                        .getMBeanInfo(new ObjectName("com.sun.management:type=DiagnosticCommand"))
                        .getOperations())
                .anyMatch(op -> op.getName().equals("systemTrimNativeHeap"));
        // glibc is the C library that can trim; HotSpot answers "Not available." on musl or another OS.
        String[] musl = new File("/lib").list((dir, name) -> name.startsWith("ld-musl"));
        boolean glibc = System.getProperty("os.name").startsWith("Linux") && (musl == null || musl.length == 0);

        assertThat(NativeHeapTrim.trim()).isEqualTo(offered && glibc);
    }
}
