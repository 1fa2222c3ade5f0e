package org.vfiocompat.engine.isolation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a worker JVM is started: its command line, and where its answers come back.
 * <p>
 * The requests go to the worker's standard input. Its answers come back on its file descriptor
 * 3, not on its standard output: the JVM itself writes there (an {@code -Xlog:...:stdout}, a
 * flight recording's start message, {@code -XX:+PrintFlagsFinal}, a Java agent's prints before
 * {@code main}), and none of that may land between the protocol's frames. Java starts a child
 * with three descriptors only, so the worker is started through {@code /bin/sh}, which moves the
 * pipe the engine reads to descriptor 3 and points descriptor 1 at the engine's standard error
 * before it replaces itself with the JVM ({@code exec}, so the process the engine supervises and
 * kills is the JVM): whatever the JVM prints shows there as the worker's diagnostics, and the
 * worker opens {@code /dev/fd/3} for its answers ({@link WorkerMain#answers}). The command's
 * arguments reach the JVM as arguments ({@code "$@"}), never as shell text.
 *
 * @param command the worker's command line without the class-data archive's options: what a
 *                spare is matched by ({@link SpareWorker}), so that a spare started before the
 *                archive was made is still taken by a launch made after (it is the same worker,
 *                only slower to start)
 * @param archive the workers' class-data archive, or null (see {@link WorkerArchive}); whether a
 *                worker maps it, or records the classes for it, is decided as it starts
 */
record WorkerLaunch(List<String> command, WorkerArchive archive) {

    /** The system property whose options every worker JVM is started with, besides its own. */
    static final String JAVA_OPTIONS_PROPERTY = "vfiocompat.worker.javaOptions";
    /** A worker's own options when {@value #JAVA_OPTIONS_PROPERTY} is not set. */
    static final String DEFAULT_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1";
    /** Moves the pipe to the engine from descriptor 1 to 3, and descriptor 1 to the engine's standard error, then runs the JVM. */
    private static final String ANSWERS_ON_FD_3 = "exec \"$0\" \"$@\" 3>&1 1>&2";

    WorkerLaunch {
        command = List.copyOf(command);
    }

    /**
     * The launch of a worker JVM running {@code workerMain} with a heap of {@code heapMib}, its
     * class-data archive kept in {@code cacheFolder} (null: none).
     */
    static WorkerLaunch of(String workerMain, int heapMib, Path cacheFolder) {
        List<String> options = extraJavaOptions();
        // Absolute, so that the class path a worker archive was dumped with is the workers' own
        // wherever the engine runs (the JVM maps an archive only for the same class path).
        String classPath = absoluteClassPath();
        WorkerArchive archive = WorkerArchive.in(cacheFolder, classPath, options);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", ANSWERS_ON_FD_3,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMib + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr", "-XX:+UseSerialGC", "-Xss1m"));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath, workerMain));
        return new WorkerLaunch(command, archive);
    }

    /** A started worker, and the recording of the workers' archive it makes, or null. */
    record Started(Process process, WorkerArchive.Recording recording) {
    }

    /**
     * Starts a worker. It maps the workers' archive when there is one now (a background dump may
     * have made it since this launch was made); when there is none yet, this worker may list its
     * classes for one ({@link WorkerArchive#record}).
     */
    Started start() throws IOException {
        List<String> map = archive == null ? List.of() : archive.mapOptions();
        WorkerArchive.Recording recording = archive == null || !map.isEmpty() ? null : archive.record();
        List<String> line = line(map, recording);
        try {
            return new Started(new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.INHERIT).start(), recording);
        } catch (IOException e) {
            if (recording != null) {
                recording.finish(false);
            }
            throw e;
        }
    }

    /**
     * The command line of a worker started with the archive's {@code map} options (none: no
     * archive to map) and {@code recording} (null: none), both before {@code -cp CLASSPATH MAIN}.
     */
    List<String> line(List<String> map, WorkerArchive.Recording recording) {
        List<String> line = new ArrayList<>(command);
        List<String> added = new ArrayList<>(map);
        if (recording != null) {
            added.add(recording.option());
        }
        line.addAll(line.size() - 3, added);
        return line;
    }

    /**
     * What {@value #JAVA_OPTIONS_PROPERTY} adds to a worker's command line, split at spaces: the
     * launcher script hands on its class-data-sharing archive and {@code -XX:TieredStopAtLevel=1},
     * so that a worker starts as fast as the CLI does (the archive holds the classes a worker
     * loads, for the worker runs on the CLI's class path). Unset, a worker stops at the C1 JIT
     * ({@value #DEFAULT_JAVA_OPTIONS}): most of a worker's CPU is its start and pack load, which
     * C2 compiles for code already done with (it halves a worker's start-up CPU, docs/performance.md);
     * set empty (as the launcher does for {@code serve}), a worker keeps the full tiered JIT.
     */
    static List<String> extraJavaOptions() {
        String options = System.getProperty(JAVA_OPTIONS_PROPERTY, DEFAULT_JAVA_OPTIONS).trim();
        return options.isEmpty() ? List.of() : List.of(options.split(" +"));
    }

    /** This JVM's class path, every entry made absolute: the workers'. */
    static String absoluteClassPath() {
        return absolute(System.getProperty("java.class.path"));
    }

    private static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
