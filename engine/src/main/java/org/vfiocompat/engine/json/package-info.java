/**
 * Strict JSON reading shared by every input: unknown fields refused, errors located by JSON pointer and line:column.
 */
package org.vfiocompat.engine.json;
