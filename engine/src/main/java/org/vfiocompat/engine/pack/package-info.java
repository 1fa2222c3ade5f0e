/**
 * Loading a pack from a folder, archive or class path: its files and manifest, data tables, the pipeline of load-time layers, and the loaded pack.
 */
package org.vfiocompat.engine.pack;
