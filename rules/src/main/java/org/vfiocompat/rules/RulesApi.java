package org.vfiocompat.rules;

/**
 * The version of this API, the one a pack's rules are written against. A pack's manifest names
 * the version it was written for ({@code "rulesApi": "1.0"}); the engine refuses a pack written
 * for another major version, or for a later minor version than it provides.
 *
 * <p>The minor version grows when something is added (a helper, a field of a fact); the major
 * version grows when something a pack may use changes or goes away.
 */
public final class RulesApi {

    /** {@code major.minor} of the rules API this module provides. */
    public static final String VERSION = "1.2";

    private RulesApi() {
    }
}
