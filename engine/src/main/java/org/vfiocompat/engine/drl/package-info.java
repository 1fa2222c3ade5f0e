/**
 * The checks of a pack's DRL source on Drools' own parse tree, before anything is compiled, and the rules it declares.
 */
package org.vfiocompat.engine.drl;
