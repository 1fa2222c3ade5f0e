/**
 * The fleet batch on Apache Spark: hosts read from Parquet, NDJSON or JSON; distinct
 * pack-projected profile pairs evaluated once each by the sandboxed engine on executors; each
 * assigned device's top-K targets joined from its profile's ranked candidates, as
 * {@code vfio-compat batch} gives them. Uses the engine's public API only.
 */
package org.vfiocompat.spark;
