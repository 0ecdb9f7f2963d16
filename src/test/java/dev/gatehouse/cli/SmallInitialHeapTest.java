package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallInitialHeapTest {

    @Test
    void wantedOnlyWhenTheJvmChoseEveryHeapSizeItself() {
        assertThat(SmallInitialHeap.wanted(options(Origin.ERGONOMIC, Origin.DEFAULT, 4L << 30)))
                .isTrue();
        assertThat(SmallInitialHeap.wanted(options(Origin.VM_CREATION, Origin.DEFAULT, 4L << 30)))
                .isFalse();
        assertThat(SmallInitialHeap.wanted(options(Origin.ENVIRON_VAR, Origin.DEFAULT, 4L << 30)))
                .isFalse();
        assertThat(SmallInitialHeap.wanted(options(Origin.ERGONOMIC, Origin.VM_CREATION, 4L << 30)))
                .isFalse();
    }

    @Test
    void notWantedWhenTheMaximumHeapIsBelowTheFlag() {
        assertThat(SmallInitialHeap.wanted(options(Origin.ERGONOMIC, Origin.DEFAULT, 16L << 20)))
                .isFalse();
        assertThat(SmallInitialHeap.wanted(options(Origin.ERGONOMIC, Origin.DEFAULT, 32L << 20)))
                .isTrue();
    }

    @Test
    void theFlagGoesRightAfterTheProgramNameAndEveryArgumentStays() {
        List<String> argv = SmallInitialHeap.withFlag(List.of("/usr/bin/java", "-Dx=1", "-jar", "g.jar", "serve", ""));

        assertThat(argv)
                .containsExactly(
                        "/usr/bin/java", "-Xms32m", SmallInitialHeap.MARKER, "-Dx=1", "-jar", "g.jar", "serve", "");
    }

    private static Map<String, VMOption> options(Origin initial, Origin young, long max) {
        Map<String, VMOption> options = new HashMap<>();
        options.put("InitialHeapSize", new VMOption("InitialHeapSize", "396361728", false, initial));
        options.put("NewSize", new VMOption("NewSize", "1363144", false, young));
        options.put("MaxHeapSize", new VMOption("MaxHeapSize", Long.toString(max), false, Origin.ERGONOMIC));
        return options;
    }
}
