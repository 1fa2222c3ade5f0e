package org.vfiocompat.engine.eval;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.vfiocompat.rules.Finding;

/**
 * Listens to one session and records, for the evaluation in progress, which rules fired in
 * order and which rule inserted each {@link Finding}. One recorder per session; a session is
 * used by one thread at a time, so no synchronisation is needed.
 */
final class EvaluationRecorder extends DefaultAgendaEventListener {

    /** A finding and the rule whose consequence inserted it. */
    record Attributed(Finding finding, String rule) {
    }

    private final List<String> fired = new ArrayList<>();
    private final List<Attributed> findings = new ArrayList<>();
    private int inserted;

    private final RuleRuntimeEventListener insertions = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            inserted++;
            if (event.getObject() instanceof Finding f) {
                findings.add(new Attributed(f, event.getRule() == null ? "" : event.getRule().getName()));
            }
        }
    };

    void attachTo(KieSession session) {
        session.addEventListener((org.kie.api.event.rule.AgendaEventListener) this);
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
    }

    List<String> fired() {
        return fired;
    }

    List<Attributed> findings() {
        return findings;
    }

    /** Every object inserted in this evaluation, the engine's own two included. */
    int inserted() {
        return inserted;
    }
}
