package org.vfiocompat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.StatelessKieSession;
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
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.rules.Source;
import org.vfiocompat.rules.Target;

/**
 * Whole-fleet batch on synthetic fleets ({@link FleetGenerator}, seed 42), against the naive
 * baseline measured in the same run: every (assigned device, candidate elsewhere) pair through a
 * fresh stateless session, no cache, no index, no grouping. The baseline runs only at 1k and 2k
 * devices; nothing is extrapolated.
 *
 * <pre>java -jar bench/target/benchmarks.jar BatchBenchmark -p devices=1000,2000</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class BatchBenchmark {

    @Param({"1000", "2000"})
    int devices;

    @Param({"2"})
    int threads;

    Fleet fleet;
    CompatibilityEngine engine;
    List<LoadedPack> packs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = Files.createTempFile("vfio-compat-fleet-" + devices + "-", ".json");
        FleetGenerator.write(file, devices, 42);
        fleet = Fleet.load(file);
        Files.delete(file);
        // No verdict cache: the batch's own grouping is what is measured.
        Path packRoot = Fixtures.packDir().getParent();
        engine = CompatibilityEngine.builder().packs(packRoot).cacheSize(0)
                .batchExecutor(new java.util.concurrent.ForkJoinPool(threads)).build();
        packs = PackLoader.loadAllOrThrow(List.of(packRoot));
    }

    /** The engine's batch: top 10 per assigned device. */
    @Benchmark
    public long batch() {
        long[] targets = {0};
        engine.batch(fleet, 10, r -> targets[0] += r.top().size());
        return targets[0];
    }

    /**
     * Baseline (b): one session holding every assigned device as a Source and every candidate as
     * a Target, the Rete network joining them all at once. (Its findings cannot even be told
     * apart by pair — this measures only what letting Drools do the join would cost.)
     */
    @Benchmark
    public long oneSessionJoin() {
        long fired = 0;
        for (LoadedPack pack : packs) {
            KieSession session = pack.kieBase().newKieSession();
            try {
                pack.tableRows().forEach(session::insert);
                for (FleetDevice d : fleet.assigned()) {
                    if (pack.owns(d.profile().getMigrationType())) {
                        session.insert(new Source(d.profile()));
                    }
                }
                for (FleetDevice d : fleet.devices()) {
                    if (!d.assigned()) {
                        session.insert(new Target(d.profile()));
                    }
                }
                for (Candidate c : fleet.creatable()) {
                    session.insert(new Target(c.profile()));
                }
                fired += session.fireAllRules();
            } finally {
                session.dispose();
            }
        }
        return fired;
    }

    /** The pack owning {@code type}, found as a naive tool would: by asking each pack. */
    private LoadedPack owner(String type) {
        for (LoadedPack p : packs) {
            if (p.owns(type)) {
                return p;
            }
        }
        return null;
    }

    /** Baseline (a): every pair through a fresh stateless session. */
    @Benchmark
    public long naive() {
        long pairs = 0;
        for (FleetDevice d : fleet.assigned()) {
            LoadedPack pack = owner(d.profile().getMigrationType());
            if (pack == null) {
                continue; // no pack owns it: every pair is UNKNOWN without evaluation, as in the engine
            }
            Source source = new Source(d.profile());
            for (Candidate c : fleet.candidatesElsewhere(d.host())) {
                StatelessKieSession session = pack.kieBase().newStatelessKieSession();
                List<Object> facts = new ArrayList<>(pack.tableRows());
                facts.add(source);
                facts.add(new Target(c.profile()));
                session.execute(facts);
                pairs++;
            }
        }
        return pairs;
    }
}
