package org.vfiocompat.engine.eval;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.vfiocompat.rules.Finding;
import org.vfiocompat.rules.TableRow;

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
    private String violation;
    private final int maxFindingsPerPair;
    /** Inserts, updates and deletes made by the pack's rules in this evaluation. */
    private int factOperations;

    /**
     * The most fact operations the rules of one evaluation may make: twice the firing bound, so
     * a rule updating its fact once per firing meets the firing bound first. Each runs constraints
     * synchronously (Drools calls back into pack code from inside {@code insert} and
     * {@code update}), so straight-line consequences of 250,000 {@code update($s)} calls would
     * multiply every constraint's cost by that (issue 13, class 1).
     */
    static final int MAX_FACT_OPERATIONS = 2000;

    /**
     * Thrown out of the pack's {@code insert}, {@code update} or {@code delete} at the first one
     * that breaks a bound, so the consequence stops there instead of going on after a halt.
     */
    static final class BoundBroken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BoundBroken(String violation) {
            super(violation, null, false, false);
        }
    }
    /**
     * Counts inserts as they happen and halts the session at the first one past the bound or
     * of a type packs may not insert: only Findings carry data from one firing to the next, and
     * their reasons are capped, so nothing a pack stores can grow without bound.
     */
    private final RuleRuntimeEventListener insertions = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            inserted++;
            Object o = event.getObject();
            countOperation(event.getRule() != null, event.getKieRuntime());
            if (o instanceof Finding f) {
                findings.add(new Attributed(f, event.getRule() == null ? "" : event.getRule().getName()));
            } else if (event.getRule() != null && violation == null) {
                breakBound("pack inserted a " + o.getClass().getName() + "; packs may insert only Finding facts", event.getKieRuntime());
            }
            if (findings.size() > maxFindingsPerPair && violation == null) {
                breakBound("pack inserted more than " + maxFindingsPerPair + " facts for one pair", event.getKieRuntime());
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            countOperation(event.getRule() != null, event.getKieRuntime());
        }

        /**
         * Table rows stay in a pooled session for its whole life, so a rule that deleted one
         * would change the verdicts of later pairs: that breaks a bound, and the session is
         * discarded.
         */
        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            countOperation(event.getRule() != null, event.getKieRuntime());
            if (event.getOldObject() instanceof TableRow && event.getRule() != null && violation == null) {
                breakBound("pack deleted a table row; table rows are read-only", event.getKieRuntime());
            }
        }
    };

    private void countOperation(boolean byRule, org.kie.api.runtime.KieRuntime runtime) {
        if (byRule && ++factOperations > MAX_FACT_OPERATIONS && violation == null) {
            breakBound("pack made more than " + MAX_FACT_OPERATIONS + " inserts, updates and deletes for one pair", runtime);
        }
    }

    /** Records the first broken bound, halts the session and stops the consequence making the operation. */
    private void breakBound(String why, org.kie.api.runtime.KieRuntime runtime) {
        violation = why;
        runtime.halt();
        throw new BoundBroken(why);
    }

    EvaluationRecorder(int maxFindingsPerPair) {
        this.maxFindingsPerPair = maxFindingsPerPair;
    }

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
        factOperations = 0;
        violation = null;
    }

    /** Why the evaluation was stopped, or null when no bound was broken. */
    String violation() {
        return violation;
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
