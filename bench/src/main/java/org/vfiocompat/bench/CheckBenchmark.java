package org.vfiocompat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.DeviceProfile;

/**
 * What a management tool pays per scheduling decision, for each reference pack: a cached
 * {@code check}, an uncached one (the pack's first LIVE vector, or COLD where nothing is LIVE,
 * every sandbox bound on), and a
 * {@code rank} over 10,000 candidates with a warm cache. All packs under vendor-packs/ are loaded
 * together, as the CLI does.
 *
 * <pre>java -jar bench/target/benchmarks.jar CheckBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
public class CheckBenchmark {

    @Param({"intel-gvtg", "nvidia-vgpu", "mlx5-vfio", "s390-vfio", "zeta-slices"})
    String pack;

    CompatibilityEngine cached;
    CompatibilityEngine uncached;
    DeviceProfile source;
    DeviceProfile target;
    DeviceProfile rankSource;
    List<Candidate> candidates;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path packs = Fixtures.packDir().getParent();
        cached = CompatibilityEngine.builder().packs(packs).build();
        uncached = CompatibilityEngine.builder().packs(packs).cacheSize(0).build();
        DeviceProfile[] pair;
        try {
            pair = Fixtures.firstPair(packs.resolve(pack), "LIVE");
        } catch (IllegalStateException noLivePair) {
            pair = Fixtures.firstPair(packs.resolve(pack), "COLD"); // s390: nothing migrates live
        }
        source = pair[0];
        target = pair[1];
        Verdict v = uncached.check(source, target);
        if (!v.compatible() || !v.packId().equals(pack)) {
            throw new IllegalStateException("the benchmark pair is not judged compatible by " + pack + ": " + v);
        }
        Path file = Files.createTempFile("vfio-compat-rank-", ".json");
        FleetGenerator.write(file, 16_000, 42);
        Fleet fleet = Fleet.load(file);
        Files.delete(file);
        FleetDevice first = fleet.assigned().stream()
                .filter(d -> d.profile().getMigrationType().startsWith("i915-GVTg_")).findFirst().orElseThrow();
        rankSource = first.profile();
        List<Candidate> elsewhere = fleet.candidatesElsewhere(first.host());
        candidates = elsewhere.subList(0, Math.min(10_000, elsewhere.size()));
        if (candidates.size() < 10_000) {
            throw new IllegalStateException("only " + candidates.size() + " candidates; generate a larger fleet");
        }
        cached.check(source, target);
        cached.rank(rankSource, candidates);
    }

    /** A verdict the cache holds: route, reduce the profiles to what the pack reads, look up. */
    @Benchmark
    public Verdict cachedCheck() {
        return cached.check(source, target);
    }

    /** The same pair evaluated every time: the pack's rules in a pooled, bounded session. */
    @Benchmark
    public Verdict uncachedCheck() {
        return uncached.check(source, target);
    }

    /** Rank 10,000 candidates of a GVT-g source, every verdict cached (reported in ns; target 5 ms). */
    @Benchmark
    public Ranking rank10k() {
        return cached.rank(rankSource, candidates);
    }
}
