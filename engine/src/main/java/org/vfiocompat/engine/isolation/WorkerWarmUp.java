package org.vfiocompat.engine.isolation;

import static org.drools.model.DSL.declarationOf;
import static org.drools.model.DSL.on;
import static org.drools.model.PatternDSL.pattern;
import static org.drools.model.PatternDSL.rule;

import org.drools.model.Rule;
import org.drools.model.Variable;
import org.drools.model.impl.ModelImpl;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.vfiocompat.rules.DeviceKind;
import org.vfiocompat.rules.DeviceProfile;
import org.vfiocompat.rules.Finding;
import org.vfiocompat.rules.Source;
import org.vfiocompat.rules.Target;

/**
 * What a worker does before it knows its pack: builds a KieBase of one rule of the engine's own,
 * written in Drools' executable-model DSL (no compiler, no pack, nothing read), and fires it once
 * on a pair, so that Drools' classes are loaded and initialised and its code compiled when the
 * pack arrives.
 *
 * <p>Why: a worker's first KieBase is its most expensive step by far. In a JVM where Drools has
 * built none, a vendor pack's KieBase took 370 ms, and 75 ms after this warm-up (the warm-up
 * itself about 0.4 s), on this project's 2-core machine; part of it is the JVM verifying the
 * signature of Eclipse's compiler jar, which Drools loads a class of to choose a compiler even
 * when none is needed (JavaDialectConfiguration.hasEclipseCompiler). A spare worker
 * ({@link SpareWorker}) waits for its pack while the engine loads every pack, so the warm-up
 * runs in time that was idle and leaves a {@code check} with the pack's own build only.
 *
 * <p>It runs on a thread of its own, beside the hello: a worker started on demand gets its pack
 * at once, and its load shares whatever classes the warm-up has loaded by then instead of
 * waiting for it. Nothing of it is reachable from the pack: the rule, its KieBase and its
 * session are the warm-up's alone and garbage when it ends; it leaves only what any KieBase
 * leaves behind in Drools, as the pack's own build does.
 */
final class WorkerWarmUp {

    private WorkerWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns it (join it to wait for the warm-up). */
    static Thread start() {
        Thread t = new Thread(WorkerWarmUp::run, "vfio-compat-worker-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Builds the warm-up KieBase and fires it on one pair; returns the rules fired (1). */
    static int run() {
        try {
            // The builder configuration a pack's KieBase makes, and with it the compiler choice
            // (the class's initialiser makes the default configuration; not reachable otherwise
            // through the modules this one reads).
            Class.forName("org.drools.compiler.compiler.JavaDialectConfiguration", true, WorkerWarmUp.class.getClassLoader());
            Variable<Source> source = declarationOf(Source.class);
            Variable<Target> target = declarationOf(Target.class);
            Rule sameVersion = rule("org.vfiocompat.warmup", "same version").build(
                    pattern(source).expr("versioned", s -> s.getMigrationVersion() != null),
                    pattern(target).expr("same version", source,
                            (t, s) -> t.getMigrationVersion().equals(s.getMigrationVersion())),
                    on(source, target).execute((drools, s, t) -> drools.insert(Finding.live(1, "same version"))));
            KieBase base = KieBaseBuilder.createKieBaseFromModel(new ModelImpl().addRule(sameVersion));
            DeviceProfile profile = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci")
                    .migrationType("warm-up").migrationVersion("1").build();
            KieSession session = base.newKieSession();
            try {
                session.insert(new Source(profile));
                session.insert(new Target(profile));
                return session.fireAllRules();
            } finally {
                session.dispose();
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Only a head start: the pack's own load reports whatever is really wrong with Drools.
            return 0;
        }
    }
}
