/**
 * What untrusted pack code may do: the bytecode allow-list and its verifier (termination, bounds, references), and the class loader packs build and run against.
 */
package org.vfiocompat.engine.sandbox;
