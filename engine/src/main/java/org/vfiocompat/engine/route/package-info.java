/**
 * Which pack judges a pair: namespaces by prefix, overlap refused, cross-namespace acceptance, type compatibility.
 */
package org.vfiocompat.engine.route;
