/**
 * Verdicts remembered across calls, keyed by pack digest and both profiles: correct by construction, since a profile carries no host or device id.
 */
package org.vfiocompat.engine.cache;
