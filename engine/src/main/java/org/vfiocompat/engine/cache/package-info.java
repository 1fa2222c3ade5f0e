/**
 * Verdicts remembered across calls, keyed by pack digest and the pair as that pack sees it (both profiles with the host facts it reads, whether the target is creatable when it reads that): correct by construction, since a pack sees nothing else (no host identity, no device id).
 */
package org.vfiocompat.engine.cache;
