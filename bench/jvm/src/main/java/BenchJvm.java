import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The clock of the JVM clients: the process's CPU time (every thread: the JIT, the GC, the
 * client's own threads), from /proc/self/stat (user and system, in clock ticks) and
 * clock_gettime(CLOCK_PROCESS_CPUTIME_ID) through JNA (the exact sum, in ns). Not the
 * OperatingSystemMXBean's getProcessCpuTime: on Linux it counts in clock ticks too (10 ms, which
 * is 5 µs per message over 2,000).
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

    /** The C library's clock_gettime; a timespec is two longs on 64-bit Linux. */
    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);
        int CLOCK_PROCESS_CPUTIME_ID = 2;

        int clock_gettime(int clock, long[] timespec);
    }

    static long processCpuNs() {
        long[] ts = new long[2];
        if (LibC.C.clock_gettime(LibC.CLOCK_PROCESS_CPUTIME_ID, ts) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        }
        return ts[0] * 1_000_000_000L + ts[1];
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
