/**
 * Where a pack's code runs: in the engine's JVM behind the sandbox, or in a supervised worker JVM
 * of its own (heap cap, deadline enforced by killing the worker, restart on death), so that what
 * the static checks miss still cannot take the engine or another pack down.
 */
package org.vfiocompat.engine.isolation;
