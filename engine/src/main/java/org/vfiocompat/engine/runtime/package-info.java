/**
 * The engine at run time: the current pack set behind one atomic reference, reload and watch, the cache and decision sinks wired together.
 */
package org.vfiocompat.engine.runtime;
