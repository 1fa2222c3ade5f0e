/**
 * The public API of the engine: the engine and its builder, the pack author's tools, fleets and inventories, signing, and the values they return. It depends on no internal package: the implementation is found through {@link java.util.ServiceLoader} ({@link org.vfiocompat.engine.EngineProvider}).
 */
package org.vfiocompat.engine;
