/**
 * Reading a fleet inventory strictly, with every error located by file and JSON pointer, and writing one in canonical form.
 */
package org.vfiocompat.engine.inventory;
