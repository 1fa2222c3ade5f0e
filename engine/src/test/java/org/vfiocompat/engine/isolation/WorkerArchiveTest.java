package org.vfiocompat.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.eval.PackEvaluator;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.rules.Level;

/**
 * The workers' class-data archive, on real worker processes: the first worker with none records
 * its classes, the engine dumps the archive when that worker ends, and the next worker maps it
 * (most of its classes then come from the archive); an archive that is not one (garbage, cut
 * short) is not mapped and changes no verdict.
 *
 * <p>The JVM archives classes from jars only, and the engine makes no archive for a class path
 * with folders, such as Maven's (the modules' class folders). Under Maven these scenarios
 * therefore run in a child JVM whose class path is jars alone, as the CLI's is: the class
 * folders are packed into jars first ({@link JarsOnlyClassPath}). Where the class path already
 * is jars, they run in this JVM.
 */
public class WorkerArchiveTest {

    /** The scenarios that need a class path of jars, by name, for the child JVM's {@link #main}. */
    private static final List<String> ON_JARS = List.of("theFirstWorkerRecordsTheArchiveAndTheNextMapsIt",
            "anArchiveThatIsNotOneIsNotMappedAndChangesNoVerdict");

    private final String archiveSetting = System.getProperty(WorkerArchive.PROPERTY);
    private final String optionsSetting = System.getProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY);

    @AfterEach
    void restore() {
        set(WorkerArchive.PROPERTY, archiveSetting);
        set(WorkerLaunch.JAVA_OPTIONS_PROPERTY, optionsSetting);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /**
     * Turns the workers' archive on and sets up a fresh folder for the test (on a class path of
     * jars: see {@link #onJars}).
     */
    private static Fixture archiveOn(String name) throws IOException {
        System.setProperty(WorkerArchive.PROPERTY, "on");
        Path root = Files.createTempDirectory(name);
        Path cache = root.resolve("pack-cache");
        LoadedPack pack = acme(root, cache);
        return new Fixture(root, cache, pack, WorkerLaunch.of(WorkerMain.class.getName(), WorkerJudge.HEAP_MIB, cache).archive().file());
    }

    /** A test's folder, the compiled-pack cache in it, the acme pack loaded with it, and where the workers' archive goes. */
    private record Fixture(Path root, Path cache, LoadedPack pack, Path archive) {
    }

    /** A pack loaded as the engine loads it, with its compiled-pack cache in {@code cache}. */
    private static LoadedPack acme(Path root, Path cache) throws IOException {
        AcmePack.write(root);
        return PackLoader.loadAll(List.of(root.resolve("acme").toString()), cache).packs().get(0);
    }

    /** The verdicts of a fresh worker of {@code pack}, whose JVM logs the classes it loads to {@code classLog}. */
    private static List<Verdict> verdictsOfAWorker(LoadedPack pack, Path cache, Path classLog) {
        System.setProperty(WorkerLaunch.JAVA_OPTIONS_PROPERTY, "-XX:TieredStopAtLevel=1 -Xlog:class+load=info:file=" + classLog);
        WorkerJudge judge = new WorkerJudge(pack, EvaluationLimits.DEFAULT, cache);
        try {
            return List.of(judge.evaluate(AcmePack.profile("1"), AcmePack.profile("1"), false),
                    judge.evaluate(AcmePack.profile("1"), AcmePack.profile("2"), true));
        } finally {
            judge.close();
        }
    }

    private static List<Verdict> inProcess(LoadedPack pack) {
        PackEvaluator evaluator = new PackEvaluator(pack, EvaluationLimits.DEFAULT);
        return List.of(evaluator.evaluate(AcmePack.profile("1"), AcmePack.profile("1"), false),
                evaluator.evaluate(AcmePack.profile("1"), AcmePack.profile("2"), true));
    }

    /** How many of the classes in a class-load log came from a class-data archive. */
    private static long fromAnArchive(Path classLog) throws IOException {
        try (var lines = Files.lines(classLog)) {
            return lines.filter(l -> l.contains("source: shared objects file")).count();
        }
    }

    private static long loaded(Path classLog) throws IOException {
        try (var lines = Files.lines(classLog)) {
            return lines.count();
        }
    }

    /** Waits for the background dump to put the archive in place and release its lock. */
    private static void awaitDump(Path archive) throws InterruptedException {
        Path lock = archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".lock"));
        for (int i = 0; i < 1200 && (!Files.isRegularFile(archive) || Files.exists(lock)); i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void theFirstWorkerRecordsTheArchiveAndTheNextMapsIt() throws Exception {
        onJars("theFirstWorkerRecordsTheArchiveAndTheNextMapsIt", WorkerArchiveTest::firstRecordsNextMaps);
    }

    private static void firstRecordsNextMaps() throws Exception {
        Fixture f = archiveOn("worker-archive");
        Path root = f.root();
        Path cache = f.cache();
        LoadedPack pack = f.pack();
        Path archive = f.archive();
        assertThat(archive.getParent()).isEqualTo(cache.toAbsolutePath());
        assertThat(archive).doesNotExist();

        List<Verdict> first = verdictsOfAWorker(pack, cache, root.resolve("first.log"));
        awaitDump(archive);
        assertThat(archive).isRegularFile();
        try (var left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".lock") || n.endsWith(".tmp"));
        }
        List<Verdict> second = verdictsOfAWorker(pack, cache, root.resolve("second.log"));

        assertThat(first).isEqualTo(inProcess(pack)).isEqualTo(second);
        assertThat(first.get(0).level()).isEqualTo(Level.LIVE);
        // Without the archive the worker's classes come from the JDK's own archive (its
        // java.base part) and the jars; with it, most of them come from the archive.
        Path firstLog = root.resolve("first.log");
        Path secondLog = root.resolve("second.log");
        // (In one run under Maven: 971 from the JDK's own archive for the first worker, 2,579
        // for the second; fewer than before builds were opened without XStream.)
        assertThat(fromAnArchive(secondLog)).as("classes from an archive, second worker against first")
                .isGreaterThan(fromAnArchive(firstLog) + 1000);
        assertThat(fromAnArchive(secondLog)).as("classes from an archive, of the %d the second worker loaded", loaded(secondLog))
                .isGreaterThan(loaded(secondLog) * 3 / 4);
    }

    @Test
    void anArchiveThatIsNotOneIsNotMappedAndChangesNoVerdict() throws Exception {
        onJars("anArchiveThatIsNotOneIsNotMappedAndChangesNoVerdict", WorkerArchiveTest::garbageIsNotMapped);
    }

    private static void garbageIsNotMapped() throws Exception {
        Fixture f = archiveOn("worker-archive-broken");
        Path root = f.root();
        Path cache = f.cache();
        LoadedPack pack = f.pack();
        Path archive = f.archive();
        Files.createDirectories(cache);
        Files.write(archive, "not an archive\n".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        List<Verdict> verdicts = verdictsOfAWorker(pack, cache, root.resolve("garbage.log"));

        assertThat(verdicts).isEqualTo(inProcess(pack));
        // Only the JDK's own default archive (java.base's classes) was mapped, not the garbage.
        assertThat(fromAnArchive(root.resolve("garbage.log"))).isLessThan(loaded(root.resolve("garbage.log")) / 2);
        // An archive exists, so no worker records another over it.
        assertThat(archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".lock"))).doesNotExist();
    }

    @Test
    void noArchiveWhenTheWorkerOptionsChooseTheirOwnOrItIsOff() {
        Path cache = Path.of("/tmp/any");
        assertThat(WorkerArchive.in(cache, "a.jar", List.of("-XX:SharedArchiveFile=/x.jsa", "-Xshare:auto"))).isNull();
        assertThat(WorkerArchive.in(cache, "a.jar", List.of("-Xshare:off"))).isNull();
        assertThat(WorkerArchive.in(null, "a.jar", List.of())).isNull();
        System.setProperty(WorkerArchive.PROPERTY, "off");
        assertThat(WorkerArchive.in(cache, "a.jar", List.of())).isNull();
        System.setProperty(WorkerArchive.PROPERTY, "on");
        assertThat(WorkerArchive.in(cache, "a.jar", List.of("-XX:TieredStopAtLevel=1"))).isNotNull();
        assertThat(WorkerArchive.in(cache, System.getProperty("java.io.tmpdir"), List.of())).isNull(); // a folder on the class path
    }

    /** A scenario's body: assertions that throw. */
    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    /**
     * Runs {@code scenario} here when this JVM's class path is jars alone; otherwise runs it,
     * by {@code name}, in a child JVM on a class path of jars and fails with the child's output
     * unless the child passed.
     */
    private static void onJars(String name, Scenario scenario) throws Exception {
        if (WorkerArchive.onlyJars(System.getProperty("java.class.path"))) {
            scenario.run();
            return;
        }
        Path folder = Files.createTempDirectory("worker-archive-jars");
        try {
            String classPath = JarsOnlyClassPath.of(System.getProperty("java.class.path"), folder);
            assertThat(WorkerArchive.onlyJars(classPath)).as("the child's class path is jars alone: %s", classPath).isTrue();
            JarsOnlyClassPath.Run run = JarsOnlyClassPath.run(classPath, WorkerArchiveTest.class.getName(), name, folder.resolve("child.log"));
            assertThat(run.exitCode()).as("the scenario %s in a JVM on jars alone; its output:%n%s", name, run.output()).isZero();
            assertThat(run.output()).contains("passed: " + name);
        } finally {
            JarsOnlyClassPath.delete(folder);
        }
    }

    /** The child JVM's entry: runs the scenario named by {@code args[0]}; exit 0 when it passed, 1 when not. */
    public static void main(String[] args) {
        String name = args.length == 1 ? args[0] : "";
        try {
            switch (name) {
                case "theFirstWorkerRecordsTheArchiveAndTheNextMapsIt" -> firstRecordsNextMaps();
                case "anArchiveThatIsNotOneIsNotMappedAndChangesNoVerdict" -> garbageIsNotMapped();
                default -> throw new IllegalArgumentException("no scenario " + name + "; there are " + ON_JARS);
            }
            System.out.println("passed: " + name);
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
