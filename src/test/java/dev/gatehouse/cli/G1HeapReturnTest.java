package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class G1HeapReturnTest {

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void setsTheFlagsLeftAtTheirDefaultsOnG1Only() {
        boolean g1 = Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue());
        boolean periodicDefault = isDefault("G1PeriodicGCInterval");
        boolean minDefault = isDefault("MinHeapFreeRatio");
        boolean maxDefault = isDefault("MaxHeapFreeRatio");
        String maxBefore = hotspot.getVMOption("MaxHeapFreeRatio").getValue();

        Map<String, String> set = G1HeapReturn.apply();

        if (!g1) {
            assertThat(set).isEmpty();
            assertThat(hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(maxBefore);
            return;
        }
        assertThat(set.containsKey("G1PeriodicGCInterval")).isEqualTo(periodicDefault);
        assertThat(set.containsKey("MinHeapFreeRatio")).isEqualTo(minDefault);
        assertThat(set.containsKey("MaxHeapFreeRatio")).isEqualTo(maxDefault);
        set.forEach((flag, value) ->
                assertThat(hotspot.getVMOption(flag).getValue()).isEqualTo(value));
        // Set once, they are no longer the JVM's defaults: a second call changes nothing.
        assertThat(G1HeapReturn.apply()).isEmpty();
    }

    private boolean isDefault(String flag) {
        return hotspot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    }
}
