/**
 * Running one pair through one pack within its bounds: pooled sessions, the watchdog, the recorder of findings, and combining findings into a verdict.
 */
package org.vfiocompat.engine.eval;
