import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The clock of the JVM clients: the process's CPU time (every thread: the JIT, the GC, the
 * client's own threads), from /proc/self/stat (user and system, in clock ticks) and
 * CLOCK_PROCESS_CPUTIME_ID through the OperatingSystemMXBean (the exact sum, in ns).
 */
public final class BenchJvm {
    private BenchJvm() {}

    public static final class Clock {
        private final long cpuNs = processCpuNs();
        private final long[] ticks = userSysTicks();
        private final long wallNs = System.nanoTime();

        /** The JSON line bench/bench.py reads: the exact CPU sum split in the ticks' proportion. */
        public String stop(int n, int warmup) throws Exception {
            long wall = System.nanoTime() - wallNs;
            long cpu = processCpuNs() - cpuNs;
            long[] t = userSysTicks();
            long user = t[0] - ticks[0];
            long sys = t[1] - ticks[1];
            double userShare = user + sys == 0 ? 0.5 : (double) user / (user + sys);
            return String.format(java.util.Locale.ROOT,
                    "{\"messages\": %d, \"warmup\": %d, \"wall_s\": %.6f, \"user_s\": %.6f, \"sys_s\": %.6f, \"peak_rss_kib\": %d}",
                    n, warmup, wall / 1e9, cpu * userShare / 1e9, cpu * (1 - userShare) / 1e9, statusKib("VmHWM"));
        }
    }

    public static Clock start() {
        return new Clock();
    }

    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long[] userSysTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name's closing parenthesis: state is field 3; utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            throw new IllegalStateException("reading /proc/self/stat", e);
        }
    }

    static long statusKib(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
