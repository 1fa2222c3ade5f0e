/**
 * The rules API: the only types a pack's rules see. Immutable device-profile facts (Source, Target), the finding a rule records, and pure helpers for version strings and fields. No host and no device id: a verdict depends only on the pack and the two profiles.
 */
package org.vfiocompat.rules;
