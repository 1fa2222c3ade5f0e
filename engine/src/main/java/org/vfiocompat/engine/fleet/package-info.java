/**
 * A read fleet held as columns of primitive arrays (devices and creatable types by host run,
 * profiles, parents and ids as ordinals or packed bytes), not one object per device, so that
 * millions of devices take a fraction of the heap (about 35 bytes a device) and give the garbage
 * collector little to trace; the lists of the public API are views that make a device's object
 * when it is asked for.
 */
package org.vfiocompat.engine.fleet;
