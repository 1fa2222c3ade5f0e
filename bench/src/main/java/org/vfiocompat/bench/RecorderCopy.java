package org.vfiocompat.bench;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.vfiocompat.rules.Finding;

/**
 * The same listeners as the engine's package-private EvaluationRecorder (rule names in firing
 * order; each inserted Finding with its rule; halt on a non-Finding insert or past the bound),
 * so their cost can be measured on a plain session without the rest of the sandbox.
 */
final class RecorderCopy extends DefaultAgendaEventListener {

    record Attributed(Finding finding, String rule) {
    }

    final List<String> fired = new ArrayList<>();
    final List<Attributed> findings = new ArrayList<>();
    int inserted;
    String violation;
    private final int maxInserts;

    private final RuleRuntimeEventListener insertions = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            inserted++;
            Object o = event.getObject();
            if (o instanceof Finding f) {
                findings.add(new Attributed(f, event.getRule() == null ? "" : event.getRule().getName()));
            } else if (event.getRule() != null && violation == null) {
                violation = "pack inserted a " + o.getClass().getName() + "; packs may insert only Finding facts";
                event.getKieRuntime().halt();
            }
            if (findings.size() > maxInserts && violation == null) {
                violation = "pack inserted more than " + maxInserts + " facts for one pair";
                event.getKieRuntime().halt();
            }
        }
    };

    RecorderCopy(int maxInserts) {
        this.maxInserts = maxInserts;
    }

    void attachTo(KieSession session) {
        session.addEventListener((AgendaEventListener) this);
        session.addEventListener(insertions);
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        fired.add(event.getMatch().getRule().getName());
    }

    void reset() {
        fired.clear();
        findings.clear();
        inserted = 0;
        violation = null;
    }
}
