/**
 * Verdicts remembered across calls, keyed by pack digest, both profiles and whether the target is creatable: correct by construction, since a pack sees nothing else (no host, no device id).
 */
package org.vfiocompat.engine.cache;
