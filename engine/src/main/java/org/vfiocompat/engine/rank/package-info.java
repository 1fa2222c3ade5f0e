/**
 * Ranking: the one order of candidates (TargetOrder), one source's candidates judged and ordered, and a whole fleet's batch built on distinct (profile, kind) groups.
 */
package org.vfiocompat.engine.rank;
