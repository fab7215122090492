package dev.meshfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where processes' cores went between two snapshots, by thread and split into user and kernel time, from
 * {@code /proc/<pid>/task/<tid>/stat}. A sampling profiler sees only threads running Java code; on a server whose
 * time goes to sockets and the scheduler, these counters also show the kernel's share.
 */
final class ThreadCpu {
    private record ThreadTicks(String group, long user, long system) {
    }

    private final Map<String, ThreadTicks> threads;

    private ThreadCpu(Map<String, ThreadTicks> threads) {
        this.threads = threads;
    }

    static ThreadCpu snapshot(List<Long> pids) {
        Map<String, ThreadTicks> threads = new HashMap<>();
        for (long pid : pids) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                tasks.forEach(task -> read(task).ifPresent(t -> threads.put(pid + "/" + task.getFileName(), t)));
            } catch (IOException e) {
                // the process is gone: it counts for nothing
            }
        }
        return new ThreadCpu(threads);
    }

    private static java.util.Optional<ThreadTicks> read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // the thread's name is in parentheses (at most 15 characters); numbers are dropped so that pools group
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.Optional.of(new ThreadTicks(name, Long.parseLong(fields[11]), Long.parseLong(fields[12])));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // the thread ended meanwhile
        }
    }

    /** User and kernel ticks per thread group since {@code before} (a thread started since counts from zero). */
    private Map<String, long[]> ticksByGroup(ThreadCpu before) {
        Map<String, long[]> groups = new HashMap<>();
        for (Map.Entry<String, ThreadTicks> e : threads.entrySet()) {
            ThreadTicks was = before.threads.getOrDefault(e.getKey(), new ThreadTicks(e.getValue().group(), 0, 0));
            long[] sum = groups.computeIfAbsent(e.getValue().group(), g -> new long[2]);
            sum[0] += e.getValue().user() - was.user();
            sum[1] += e.getValue().system() - was.system();
        }
        return groups;
    }

    /** CPU time, in milliseconds, of the threads whose group matches, since {@code before}. USER_HZ is 100. */
    double millisSince(ThreadCpu before, java.util.function.Predicate<String> group) {
        return ticksByGroup(before).entrySet().stream().filter(g -> group.test(g.getKey()))
                .mapToLong(g -> g.getValue()[0] + g.getValue()[1]).sum() * 10.0;
    }

    /** Cores used since {@code before}, per thread group, largest first: "name user/kernel". USER_HZ is 100. */
    String since(ThreadCpu before, double seconds, int top) {
        Map<String, long[]> groups = ticksByGroup(before);
        long user = groups.values().stream().mapToLong(t -> t[0]).sum();
        long system = groups.values().stream().mapToLong(t -> t[1]).sum();
        String largest = groups.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .limit(top)
                .map(g -> String.format("%s %.2f/%.2f", g.getKey(), g.getValue()[0] / 100.0 / seconds,
                        g.getValue()[1] / 100.0 / seconds))
                .collect(Collectors.joining(", "));
        return String.format("%.2f cores user + %.2f kernel; by thread (user/kernel cores): %s", user / 100.0 / seconds,
                system / 100.0 / seconds, largest);
    }
}
