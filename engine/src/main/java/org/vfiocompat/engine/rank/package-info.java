/**
 * Ranking: the one order of candidates (TargetOrder), one source's candidates judged and ordered, and a whole fleet's batch built on the distinct pairs the judging packs see (PairViews).
 */
package org.vfiocompat.engine.rank;
