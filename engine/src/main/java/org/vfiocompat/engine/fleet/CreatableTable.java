package org.vfiocompat.engine.fleet;

import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CandidateKind;
import org.vfiocompat.rules.DeviceProfile;

/**
 * A fleet's creatable mdev types, sorted by host and id, as columns: per type its profile's and
 * id's ordinals (a creatable id, {@code <parent>/<type>}, repeats on every host of the same
 * model) and its capacity; per host where its types start. As a {@code List<Candidate>} it makes
 * each candidate when asked for it. Immutable.
 */
public final class CreatableTable extends HostRunTable<Candidate> {

    private final int[] profile;
    private final DeviceProfile[] profiles;
    private final int[] id;
    private final String[] ids;
    private final int[] capacity;

    CreatableTable(HostRuns runs, int[] profile, DeviceProfile[] profiles, int[] id, String[] ids, int[] capacity) {
        super(runs);
        this.profile = profile;
        this.profiles = profiles;
        this.id = id;
        this.ids = ids;
        this.capacity = capacity;
    }

    @Override
    public Candidate get(int i) {
        return new Candidate(runs.hosts().get(runs.hostOf(i)), ids[id[i]], CandidateKind.CREATABLE, profiles[profile[i]], capacity[i]);
    }

    /** Type {@code i}'s id, {@code <parent>/<type>} (one instance shared by every type of that id). */
    public String id(int i) {
        return ids[id[i]];
    }

    /** The ordinal of type {@code i}'s profile, in the numbering of the fleet's {@link DeviceTable}. */
    public int profileOrdinal(int i) {
        return profile[i];
    }
}
