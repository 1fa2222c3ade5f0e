package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a worker maps the workers' class-data archive is decided as it starts, not when its
 * launch is made: a launch made while there is no archive yet (the first worker records one, a
 * background dump makes it) maps the archive in the workers it starts once the archive is there;
 * and the command a spare worker is matched by is the same before and after, so a spare started
 * without the archive is still taken.
 */
class WorkerLaunchTest {

    /**
     * A launch of a stand-in for the JVM: a shell that waits on its input, its arguments those a
     * worker JVM would get, so that what it was started with can be read from the process.
     */
    private static WorkerLaunch launch(Path cache, Path jar) {
        // The test suites turn the workers' archive off (surefire's vfiocompat.worker.archive); this one is about it.
        String setting = System.getProperty(WorkerArchive.PROPERTY);
        System.setProperty(WorkerArchive.PROPERTY, "on");
        try {
            return new WorkerLaunch(List.of("/bin/sh", "-c", "read line", "worker", "-Xmx8m", "-cp", jar.toString(), "Main"),
                    WorkerArchive.in(cache, jar.toString(), List.of()));
        } finally {
            if (setting == null) {
                System.clearProperty(WorkerArchive.PROPERTY);
            } else {
                System.setProperty(WorkerArchive.PROPERTY, setting);
            }
        }
    }

    private static List<String> startedWith(WorkerLaunch launch) throws IOException {
        WorkerLaunch.Started started = launch.start();
        try {
            return List.of(started.process().info().arguments().orElseThrow());
        } finally {
            started.process().destroyForcibly();
            if (started.recording() != null) {
                started.recording().finish(false);
            }
        }
    }

    @Test
    void aLaunchMadeBeforeTheArchiveExistedMapsItInWorkersStartedAfter(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("worker.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        Path cache = Files.createDirectories(dir.resolve("cache"));
        WorkerLaunch early = launch(cache, jar);
        String map = "-XX:SharedArchiveFile=" + early.archive().file();

        List<String> first = startedWith(early);
        assertThat(first).as("no archive yet: this worker records the classes for one").doesNotContain(map)
                .anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList="));

        Files.write(early.archive().file(), new byte[] {1, 2, 3}); // the background dump made it
        List<String> later = startedWith(early);
        assertThat(later).containsSubsequence(map, "-Xshare:auto", "-cp", jar.toString(), "Main")
                .noneMatch(a -> a.startsWith("-XX:DumpLoadedClassList="));

        assertThat(launch(cache, jar).command()).as("the key a spare is matched by").isEqualTo(early.command());
    }
}
