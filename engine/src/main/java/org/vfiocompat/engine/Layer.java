package org.vfiocompat.engine;

/**
 * The layers a pack passes on its way into an engine, in the order they run. The first nine
 * are checks made once at load time; {@link #RUN_TIME} is the bounds every evaluation is then
 * held to. See docs/security.md for what each one guarantees.
 */
public enum Layer {
    /** pack.json read strictly: ids, namespaces, files inside the pack, rules API. */
    MANIFEST("manifest"),
    /** The signature and file hashes against the trust store, when one is configured. */
    TRUST("trust"),
    /** Every data-table cell against its declared column type. */
    TABLES("tables"),
    /** The DRL parse tree against what packs may declare. */
    DRL("drl"),
    /** The executable-model build (or a verified cached build). */
    COMPILE("compile"),
    /** Every generated class lies in the pack's package. */
    CLASSES("classes"),
    /** Every bytecode reference against the allow-list. */
    BYTECODE("bytecode"),
    /** No backward branch and no call cycle: evaluation ends by construction. */
    TERMINATION("termination"),
    /** The KieBase created: the pack's classes are loaded only after every check above. */
    KIEBASE("kiebase"),
    /** The bounds every evaluation is held to; not a load-time check. */
    RUN_TIME("run time");

    private final String label;

    Layer(String label) {
        this.label = label;
    }

    /** The layer's name as people read it ({@code run time}). */
    public String label() {
        return label;
    }

    /** Whether the layer is a check passed at load time (every layer but {@link #RUN_TIME}). */
    public boolean checkedAtLoad() {
        return this != RUN_TIME;
    }
}
