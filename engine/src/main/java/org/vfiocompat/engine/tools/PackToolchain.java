package org.vfiocompat.engine.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.EvaluationLimits;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Layer;
import org.vfiocompat.engine.LayerCheck;
import org.vfiocompat.engine.PackCoverage;
import org.vfiocompat.engine.PackLint;
import org.vfiocompat.engine.PackTestReport;
import org.vfiocompat.engine.PackVerification;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.Ranking;
import org.vfiocompat.engine.RuleCoverage;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.engine.VectorResult;
import org.vfiocompat.engine.drl.PackRule;
import org.vfiocompat.engine.pack.LoadedPack;
import org.vfiocompat.engine.pack.PackCheckReport;
import org.vfiocompat.engine.pack.PackLoader;
import org.vfiocompat.engine.rank.Ranker;
import org.vfiocompat.engine.route.NamespaceTable;
import org.vfiocompat.engine.runtime.PackSet;
import org.vfiocompat.engine.runtime.RuntimeEngine;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.rules.DeviceProfile;

/** What {@link org.vfiocompat.engine.PackTools} does: verify, lint, and vector tests with coverage. */
public final class PackToolchain {

    private PackToolchain() {
    }

    /** Every load-time layer on one pack folder, and the run-time bounds when it passed them all. */
    public static PackVerification verify(Path folder, Path trustStore, boolean requireSignatures) {
        PackCheckReport report = PackLoader.verify(folder, TrustPolicy.of(trustStore, requireSignatures));
        List<LayerCheck> passed = new ArrayList<>(report.passed());
        EvaluationLimits d = EvaluationLimits.DEFAULT;
        if (report.problems().isEmpty()) {
            passed.add(new LayerCheck(Layer.RUN_TIME, "at most " + d.maxFiringsPerPair() + " firings and "
                    + d.maxFindingsPerPair() + " findings per pair, Findings only, watchdog deadline "
                    + d.deadline().toMillis() + " ms, quarantine after " + d.quarantineAfter()
                    + " violations (engine defaults)"));
        }
        return new PackVerification(folder.toString(), passed, d, report.problems());
    }

    /** Every load-time problem of the packs at {@code locations}, alone and together. */
    public static PackLint lint(Collection<String> locations) {
        PackLoader.Outcome loaded = PackLoader.loadAll(List.copyOf(locations), null);
        List<Problem> findings = new ArrayList<>(loaded.problems());
        List<PackLint.CleanPack> ok = new ArrayList<>();
        for (LoadedPack pack : loaded.packs()) {
            List<Problem> vectorProblems = VectorRunner.check(pack);
            findings.addAll(vectorProblems);
            if (vectorProblems.isEmpty()) {
                ok.add(new PackLint.CleanPack(pack.id(), pack.version(), pack.location().toString()));
            }
        }
        try {
            NamespaceTable.of(loaded.packs());
        } catch (InvalidPackException e) {
            findings.addAll(e.problems());
        }
        return new PackLint(ok, findings);
    }

    /** The vectors of every pack {@code engine} has loaded, run through it, with rule coverage. */
    public static PackTestReport test(RuntimeEngine engine) {
        Map<String, Map<String, Integer>> firings = new HashMap<>();
        Consumer<Verdict> count = v -> {
            Map<String, Integer> ofPack = firings.computeIfAbsent(v.packId(), id -> new HashMap<>());
            v.firedRules().forEach(rule -> ofPack.merge(rule, 1, Integer::sum));
        };
        PackSet set = engine.currentSet();
        VectorRunner.EngineUnderTest asRunner = new VectorRunner.EngineUnderTest() {
            @Override
            public Verdict check(DeviceProfile source, DeviceProfile target) {
                Verdict v = engine.checkIn(set, source, target, CandidateKind.EXISTING);
                count.accept(v);
                return v;
            }

            @Override
            public Verdict checkPlatform(LoadedPack pack, DeviceProfile source, DeviceProfile target) {
                Verdict v = engine.checkPlatformIn(set, pack, source, target, CandidateKind.EXISTING);
                count.accept(v);
                return v;
            }

            @Override
            public Ranking rank(DeviceProfile source, List<Candidate> candidates) {
                Ranking r = Ranker.rank(source, candidates, (s, t, k) -> engine.checkIn(set, s, t, k));
                r.compatible().forEach(t -> count.accept(t.verdict()));
                r.refused().forEach(t -> count.accept(t.verdict()));
                return r;
            }
        };
        List<VectorResult> results = new ArrayList<>();
        for (LoadedPack pack : set.packs()) {
            results.addAll(VectorRunner.run(pack, asRunner));
        }
        List<PackCoverage> coverage = new ArrayList<>();
        for (LoadedPack pack : set.packs()) {
            Map<String, Integer> ofPack = firings.getOrDefault(pack.id(), Map.of());
            List<RuleCoverage> rules = new ArrayList<>();
            for (PackRule rule : pack.rules()) {
                rules.add(new RuleCoverage(rule.name(), rule.file(), rule.line(), ofPack.getOrDefault(rule.name(), 0)));
            }
            coverage.add(new PackCoverage(pack.id(), pack.version(), rules));
        }
        return new PackTestReport(results, coverage);
    }
}
