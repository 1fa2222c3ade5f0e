package org.vfiocompat.cli;

import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.json.JsonViews;

/** Short human descriptions shared by the text outputs. */
final class Describe {

    private Describe() {
    }

    static String source(FleetDevice d) {
        return d.ref() + (d.assigned() ? " (" + d.assignedTo() + ")" : " (free)") + ": "
                + d.profile().getKind() + " " + d.profile().getMigrationType() + " " + d.profile().getMigrationVersion();
    }

    static String kind(Candidate c) {
        return kindName(c.kind());
    }

    static String kindName(CandidateKind kind) {
        return JsonViews.candidateKind(kind);
    }

    /** Kind, type, version, then parent model, attributes and host software facts when there are any. */
    static String profile(org.vfiocompat.rules.DeviceProfile p) {
        return p.getKind() + " " + p.getMigrationType() + " " + (p.getMigrationVersion().isEmpty() ? "\"\"" : p.getMigrationVersion())
                + (p.getParentModel().isEmpty() ? "" : ", parent " + p.getParentModel())
                + (p.getAttributes().isEmpty() ? "" : ", attributes " + p.getAttributes())
                + (p.getHost().isEmpty() ? "" : ", " + p.getHost());
    }
}
