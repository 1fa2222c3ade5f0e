package org.vfiocompat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;

/**
 * The batch at fleet scale (10k, 100k, 1M devices; top 10; 2 GiB heap), with the fleet read from
 * disk as part of each measurement, as the CLI does.
 *
 * <pre>java -jar bench/target/benchmarks.jar LargeBatchBenchmark -p devices=100000</pre>
 *
 * <p>{@code isolation}: where the packs' code runs; {@code PROCESS} puts each (unsigned) pack in a
 * worker JVM of its own, so the two runs side by side measure the cost of the process boundary:
 * <pre>java -jar bench/target/benchmarks.jar LargeBatchBenchmark -p devices=100000 -p isolation=IN_PROCESS,PROCESS</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LargeBatchBenchmark {

    @Param({"10000", "100000", "1000000"})
    int devices;

    @Param({"2"})
    int threads;

    @Param({"IN_PROCESS"})
    String isolation;

    Path file;
    CompatibilityEngine engine;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("vfio-compat-fleet-" + devices + "-", ".json");
        file.toFile().deleteOnExit();
        FleetGenerator.write(file, devices, 42);
        engine = CompatibilityEngine.builder().packs(Fixtures.packDir().getParent()).cacheSize(0)
                .batchExecutor(new java.util.concurrent.ForkJoinPool(threads))
                .isolation(org.vfiocompat.engine.Isolation.valueOf(isolation)).build();
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** Read the inventory and batch it: top 10 per assigned device. */
    @Benchmark
    public long loadAndBatch() {
        Fleet fleet = Fleet.load(file);
        long[] targets = {0};
        engine.batch(fleet, 10, r -> targets[0] += r.top().size());
        return targets[0];
    }
}
