/**
 * The implementation of the public API's service interface: each call handed to the package that does the work.
 */
package org.vfiocompat.engine.provider;
