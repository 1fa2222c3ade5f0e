package org.vfiocompat.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Spark's own metrics of a run, stage by stage, from its listener events: which part of the job
 * each stage served (the job description the job sets before each action), its tasks, the time
 * its tasks ran on executors, and the bytes it read, shuffled and wrote. What {@code --metrics
 * FILE} writes and prints, and what docs/performance.md's Spark table is made of.
 *
 * <p>Listener events arrive on Spark's listener bus, after the action that caused them has
 * returned; {@link #awaitQuiet} waits until every job and stage that started has ended.
 */
final class StageMetrics extends SparkListener {

    /** One completed stage attempt. Times in milliseconds, sizes in bytes. */
    record Stage(int stage, String job, String name, int tasks, long wallMs, long taskMs, long cpuMs, long gcMs,
                 long inputBytes, long inputRecords, long shuffleReadBytes, long shuffleReadRecords,
                 long shuffleWriteBytes, long shuffleWriteRecords, long outputBytes, long outputRecords, long spilledBytes) {
    }

    private final Map<Integer, String> descriptions = new ConcurrentHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final AtomicInteger runningJobs = new AtomicInteger();
    private final AtomicInteger runningStages = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        runningJobs.incrementAndGet();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        runningJobs.decrementAndGet();
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        runningStages.incrementAndGet();
        String description = submitted.properties() == null ? null : submitted.properties().getProperty("spark.job.description");
        descriptions.put(submitted.stageInfo().stageId(), description == null ? "" : description);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo s = completed.stageInfo();
        TaskMetrics m = s.taskMetrics();
        long wall = s.submissionTime().isDefined() && s.completionTime().isDefined()
                ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : 0;
        Stage stage = new Stage(s.stageId(), descriptions.getOrDefault(s.stageId(), ""), s.name(), s.numTasks(), wall,
                m.executorRunTime(), m.executorCpuTime() / 1_000_000, m.jvmGCTime(),
                m.inputMetrics().bytesRead(), m.inputMetrics().recordsRead(),
                m.shuffleReadMetrics().totalBytesRead(), m.shuffleReadMetrics().recordsRead(),
                m.shuffleWriteMetrics().bytesWritten(), m.shuffleWriteMetrics().recordsWritten(),
                m.outputMetrics().bytesWritten(), m.outputMetrics().recordsWritten(),
                m.memoryBytesSpilled() + m.diskBytesSpilled());
        synchronized (stages) {
            stages.add(stage);
        }
        runningStages.decrementAndGet();
    }

    /** Waits (up to {@code timeoutMs}) until the events of every job started so far have arrived. */
    void awaitQuiet(long timeoutMs) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        while ((runningJobs.get() > 0 || runningStages.get() > 0) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
    }

    /** The completed stages, in the order they completed. */
    List<Stage> stages() {
        synchronized (stages) {
            return List.copyOf(stages);
        }
    }

    /** The stages and their totals as JSON, with the job's wall time. */
    String json(long wallMs) {
        List<Stage> all = stages();
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("wallMs", wallMs);
        doc.put("taskMs", all.stream().mapToLong(Stage::taskMs).sum());
        doc.put("shuffleReadBytes", all.stream().mapToLong(Stage::shuffleReadBytes).sum());
        doc.put("shuffleWriteBytes", all.stream().mapToLong(Stage::shuffleWriteBytes).sum());
        doc.put("stages", all);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (java.io.IOException e) { // Jackson's JsonProcessingException; nothing here can cause it
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stages as a table for people: one row per stage, its executor CPU time (what a loaded
     * machine does not inflate, unlike task time) and each one's share of all task time.
     */
    String table(long wallMs) {
        List<Stage> all = stages();
        long taskMs = Math.max(1, all.stream().mapToLong(Stage::taskMs).sum());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-5s %-28s %-34s %6s %9s %9s %8s %6s %10s %10s %10s %10s%n", "stage", "part of the job", "Spark's name",
                "tasks", "wall s", "task s", "CPU s", "task%", "input", "shuf read", "shuf write", "output"));
        for (Stage s : all) {
            sb.append(String.format(Locale.ROOT, "%-5d %-28s %-34s %6d %9.2f %9.2f %8.2f %5.1f%% %10s %10s %10s %10s%n", s.stage(),
                    clip(s.job(), 28), clip(s.name(), 34), s.tasks(), s.wallMs() / 1000.0, s.taskMs() / 1000.0, s.cpuMs() / 1000.0,
                    100.0 * s.taskMs() / taskMs, bytes(s.inputBytes()), bytes(s.shuffleReadBytes()), bytes(s.shuffleWriteBytes()),
                    bytes(s.outputBytes())));
        }
        sb.append(String.format(Locale.ROOT, "%-5s %-28s %-34s %6d %9.2f %9.2f %8.2f %5.1f%% %10s %10s %10s %10s%n", "all", "job wall "
                + String.format(Locale.ROOT, "%.2f s", wallMs / 1000.0), "", all.stream().mapToInt(Stage::tasks).sum(),
                all.stream().mapToLong(Stage::wallMs).sum() / 1000.0, taskMs / 1000.0, all.stream().mapToLong(Stage::cpuMs).sum() / 1000.0, 100.0,
                bytes(all.stream().mapToLong(Stage::inputBytes).sum()), bytes(all.stream().mapToLong(Stage::shuffleReadBytes).sum()),
                bytes(all.stream().mapToLong(Stage::shuffleWriteBytes).sum()), bytes(all.stream().mapToLong(Stage::outputBytes).sum())));
        return sb.toString();
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
}
