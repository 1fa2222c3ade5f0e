/**
 * The JSON of the engine's values, written with Jackson alone: verdicts (with their deciders),
 * candidates, sources, packs, problems and status ({@link org.vfiocompat.json.JsonViews}), and a
 * batch's NDJSON lines and summary ({@link org.vfiocompat.json.BatchLines}). The CLI, the server
 * and the Spark job all write through here, so each shape is defined once and every consumer
 * parses the same bytes. It uses the engine's public API only and knows neither HTTP nor Spark.
 */
package org.vfiocompat.json;
