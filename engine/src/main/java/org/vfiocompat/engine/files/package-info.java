/**
 * Writing a file whole or not at all.
 */
package org.vfiocompat.engine.files;
