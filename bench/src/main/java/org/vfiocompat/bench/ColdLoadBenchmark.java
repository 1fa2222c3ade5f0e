package org.vfiocompat.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;

/**
 * The first {@link PackLoader#loadAllOrThrow} of the reference pack in a fresh JVM: what a command-line
 * run pays once (Drools, the executable-model generator, javac in memory and the verifier all
 * cold). Each fork measures one load. Run on its own, without -wi/-i, which would make it warm:
 * {@code java -jar bench/target/benchmarks.jar ColdLoad}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdLoadBenchmark {

    @Benchmark
    public List<LoadedPack> firstLoad() {
        return PackLoader.loadAllOrThrow(List.of(Fixtures.packDir()));
    }
}
