/**
 * The pack author's tools behind PackTools: verify layer by layer, lint, and test vectors with rule coverage.
 */
package org.vfiocompat.engine.tools;
