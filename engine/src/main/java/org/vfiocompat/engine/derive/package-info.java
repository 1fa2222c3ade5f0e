/**
 * A pack manifest's derive section: how collectors compose a device's migration type and version from host facts; declarative, bounded, no pack code run.
 */
package org.vfiocompat.engine.derive;
