package org.vfiocompat.engine.pack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.rules.RulesApi;

/**
 * Whether a pack was written for the rules API this engine provides ({@link RulesApi#VERSION}):
 * the same major version, and a minor version no later than the engine's (a pack written for
 * 1.2 may use what 1.1 lacks). A manifest without {@code rulesApi} predates the field and is
 * taken as written for 1.0, with a warning.
 */
final class RulesApiCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RulesApiCheck.class);
    private static final Pattern VERSION = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})");

    /** What a manifest without {@code rulesApi} is taken to be written for. */
    static final String ASSUMED_WHEN_ABSENT = "1.0";

    private RulesApiCheck() {
    }

    /** The problem with {@code declared} ({@code /rulesApi} of {@code file}), if any. */
    static Optional<Problem> check(String file, String packId, String declared) {
        if (declared == null) {
            LOG.warn("pack {} does not say which rules API it was written for; add \"rulesApi\": \"{}\" to {}"
                    + " (taken as {})", packId, RulesApi.VERSION, file, ASSUMED_WHEN_ABSENT);
            declared = ASSUMED_WHEN_ABSENT;
        }
        Matcher pack = VERSION.matcher(declared);
        if (!pack.matches()) {
            return Optional.of(new Problem(ProblemCodes.PACK_MANIFEST_INVALID_VALUE, Location.pointer(file, "/rulesApi"), "rulesApi '" + declared
                    + "' is not a version of the form MAJOR.MINOR (this engine provides " + RulesApi.VERSION + ")"));
        }
        Matcher engine = VERSION.matcher(RulesApi.VERSION);
        if (!engine.matches()) {
            throw new IllegalStateException("RulesApi.VERSION is not MAJOR.MINOR: " + RulesApi.VERSION);
        }
        int packMajor = Integer.parseInt(pack.group(1));
        int engineMajor = Integer.parseInt(engine.group(1));
        if (packMajor != engineMajor) {
            return Optional.of(new Problem(ProblemCodes.PACK_RULES_API_INCOMPATIBLE, Location.pointer(file, "/rulesApi"), "pack " + packId + " was written for rules API " + declared
                    + ", but this engine provides " + RulesApi.VERSION + ": major versions " + packMajor + " and "
                    + engineMajor + " are incompatible; use a pack release written for " + engineMajor + ".x"
                    + (packMajor > engineMajor ? " or a newer vfio-compat" : "")));
        }
        if (Integer.parseInt(pack.group(2)) > Integer.parseInt(engine.group(2))) {
            return Optional.of(new Problem(ProblemCodes.PACK_RULES_API_INCOMPATIBLE, Location.pointer(file, "/rulesApi"), "pack " + packId + " was written for rules API " + declared
                    + ", newer than the " + RulesApi.VERSION + " this engine provides; upgrade vfio-compat"));
        }
        return Optional.empty();
    }
}
