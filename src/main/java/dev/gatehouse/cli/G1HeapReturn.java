package dev.gatehouse.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets G1 keep a heap the size of what the gateway holds, not of the machine: {@code serve} runs
 * without launch flags, and on a 24 GB machine the JVM's defaults start G1 with a 378 MB heap it
 * fills with young garbage before shrinking anything. The flags set here are HotSpot's
 * <em>manageable</em> ones, which a running JVM may change: a periodic concurrent cycle after
 * {@link #PERIODIC_GC_MS} without a collection (JEP 346), after which G1 gives back what exceeds
 * {@code MaxHeapFreeRatio}, and tighter free ratios, so the committed heap (and with it the young
 * generation G1 sizes from it) follows the live data. Measured (issue #20, JDK 17, 2 cores): 340 MB
 * RSS after a minute of saturation load with the defaults, 268 MB with these values.
 *
 * <p>A flag given on the command line (or in {@code JAVA_TOOL_OPTIONS}) is left as given, and other
 * collectors are left alone: Serial, which the JVM picks on one core, never shrinks a generation
 * below its initial size, so the ratios would change nothing there.
 */
final class G1HeapReturn {

    static final long PERIODIC_GC_MS = 15_000;
    static final int MIN_HEAP_FREE_RATIO = 10;
    static final int MAX_HEAP_FREE_RATIO = 30;

    private static final Logger LOG = LoggerFactory.getLogger(G1HeapReturn.class);

    private G1HeapReturn() {}

    /** Sets the flags (in this order: MinHeapFreeRatio must never exceed MaxHeapFreeRatio); returns those set. */
    static Map<String, String> apply() {
        Map<String, String> set = new LinkedHashMap<>();
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue())) {
                return set;
            }
            setIfDefault(hotspot, "G1PeriodicGCInterval", Long.toString(PERIODIC_GC_MS), set);
            setIfDefault(hotspot, "MinHeapFreeRatio", Integer.toString(MIN_HEAP_FREE_RATIO), set);
            setIfDefault(hotspot, "MaxHeapFreeRatio", Integer.toString(MAX_HEAP_FREE_RATIO), set);
        } catch (RuntimeException e) {
            // Not HotSpot, or a HotSpot without one of these flags: its defaults stay, which still works.
            LOG.info("heap flags left at the JVM's defaults: {}", e.toString());
        }
        if (!set.isEmpty()) {
            LOG.debug("G1 heap flags set at run time: {}", set);
        }
        return set;
    }

    private static void setIfDefault(
            HotSpotDiagnosticMXBean hotspot, String flag, String value, Map<String, String> set) {
        VMOption option = hotspot.getVMOption(flag);
        if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
            hotspot.setVMOption(flag, value);
            set.put(flag, value);
        }
    }
}
