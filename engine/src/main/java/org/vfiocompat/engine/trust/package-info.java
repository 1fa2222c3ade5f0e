/**
 * Pack signatures: Ed25519 keys and signatures with the JDK only, file hashes, and the trust store that binds keys to namespaces.
 */
package org.vfiocompat.engine.trust;
