/**
 * The executable-model build of a pack's DRL, the compiled-pack cache on disk, and the checks of the generated classes before any is loaded.
 */
package org.vfiocompat.engine.compile;
