package io.jdlt.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak heap and peak resident memory of this process over one measured run. The heap pools' peaks are reset before
 * the run; the kernel's peak RSS ({@code VmHWM}) is reset by writing 5 to {@code /proc/self/clear_refs}.
 */
final class ResourceMeter {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();

    void reset() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            Files.writeString(CLEAR_REFS, "5");
        }
        catch (IOException | UnsupportedOperationException notLinux) {
            // the RSS column then shows the process's peak since it started
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at once. */
    long peakHeapBytes() {
        return heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    /** The process's peak resident set, or -1 where /proc is not there. */
    long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException | NumberFormatException notLinux) {
            return -1;
        }
        return -1;
    }
}
