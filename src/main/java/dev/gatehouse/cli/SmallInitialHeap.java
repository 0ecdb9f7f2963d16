package dev.gatehouse.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives {@code serve} a small initial heap when it was started without one, by replacing the JVM in
 * place ({@code execv}, same process id, same file descriptors and environment) with the same command
 * line plus {@value #FLAG}.
 *
 * <p>Why: without heap flags the JVM sizes its initial heap at 1/64 of the machine's memory (378 MB on
 * 24 GB). Serial, the collector it picks on one core, never shrinks its young generation below the
 * initial size, and traffic touches all of it within seconds: 330 MB resident holding 1,000 streams,
 * 237 MB with {@value #FLAG} (issue #20). A running JVM cannot change this (the heap sizes are not
 * manageable flags), so the launch command must; this makes {@code java -jar gatehouse.jar serve}
 * that command. The price is more frequent young collections (about 5 µs of GC per governed request).
 *
 * <p>Nothing happens when any initial or young-generation size was given (on the command line, in
 * {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS}), when the maximum heap is below the flag, off
 * Linux (the command line is read from {@code /proc/self/cmdline}), or when {@code execv} cannot be
 * called; the gateway then runs in the JVM it has. It runs first in {@code serve}, before any thread,
 * socket or file of the gateway exists (the few files the first JVM opened for itself, such as its
 * jars, stay open in the second: they are not opened close-on-exec).
 */
final class SmallInitialHeap {

    static final String FLAG = "-Xms32m";
    static final long BYTES = 32L << 20;
    /** Marks the replaced JVM, so it says once in its log why its command line differs from the one typed. */
    static final String MARKER = "-Dgatehouse.small_initial_heap=applied";

    private static final Logger LOG = LoggerFactory.getLogger(SmallInitialHeap.class);
    private static final List<String> SIZE_FLAGS =
            List.of("InitialHeapSize", "MinHeapSize", "NewSize", "InitialRAMPercentage");

    private SmallInitialHeap() {}

    /** The C library's {@code execv}: returns only when it failed. */
    interface C extends Library {
        int execv(String path, String[] argv);
    }

    /** Replaces this JVM with one started with {@value #FLAG} when that applies; returns when it does not. */
    static void applyOrContinue() {
        if ("applied".equals(System.getProperty("gatehouse.small_initial_heap"))) {
            LOG.info(
                    "the JVM was restarted in place with {} (it was started without a heap size; a smaller "
                            + "young generation keeps the gateway's memory low; give -Xms to choose your own)",
                    FLAG);
            return;
        }
        Optional<List<String>> command = commandLine();
        if (command.isEmpty() || !wanted(vmOptions())) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try {
            int failed = Native.load("c", C.class)
                    .execv("/proc/self/exe", withFlag(command.get()).toArray(String[]::new));
            LOG.info(
                    "could not restart the JVM with {} (execv returned {}); running with its default heap",
                    FLAG,
                    failed);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("could not restart the JVM with {} ({}); running with its default heap", FLAG, e.toString());
        }
    }

    /**
     * Whether the heap sizes are the JVM's own choice: no initial or young size set by hand, and room
     * for {@value #FLAG} under the maximum. {@code options} maps a flag's name to its value and origin.
     */
    static boolean wanted(Map<String, VMOption> options) {
        for (String name : SIZE_FLAGS) {
            VMOption option = options.get(name);
            if (option != null && setByHand(option.getOrigin())) {
                return false;
            }
        }
        VMOption max = options.get("MaxHeapSize");
        return max != null && Long.parseLong(max.getValue()) >= BYTES;
    }

    private static boolean setByHand(VMOption.Origin origin) {
        return origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC;
    }

    /** The command line with the flag and the marker right after the program name. */
    static List<String> withFlag(List<String> command) {
        List<String> argv = new ArrayList<>(command.size() + 2);
        argv.add(command.get(0));
        argv.add(FLAG);
        argv.add(MARKER);
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    private static Map<String, VMOption> vmOptions() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, VMOption> options = new HashMap<>();
        for (String name : SIZE_FLAGS) {
            tryOption(hotspot, name).ifPresent(o -> options.put(name, o));
        }
        tryOption(hotspot, "MaxHeapSize").ifPresent(o -> options.put("MaxHeapSize", o));
        return options;
    }

    private static Optional<VMOption> tryOption(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return Optional.of(hotspot.getVMOption(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** This process's arguments from {@code /proc/self/cmdline} (NUL-separated), empty off Linux. */
    private static Optional<List<String>> commandLine() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) {
            return Optional.empty();
        }
        try {
            String raw = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            if (raw.isEmpty() || !raw.endsWith("\0")) {
                return Optional.empty();
            }
            // Each argument ends with a NUL; -1 keeps empty arguments, the last element is the final NUL's.
            String[] parts = raw.split("\0", -1);
            return Optional.of(List.of(parts).subList(0, parts.length - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
