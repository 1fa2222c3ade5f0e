/**
 * The built-in decision sink: one NDJSON line per decision, in a fixed field order, with masking.
 */
package org.vfiocompat.engine.decision;
