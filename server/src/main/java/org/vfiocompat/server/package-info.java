/**
 * vfio-compat as a service: the compatibility API over HTTP and JSON, for management stacks that
 * do not run Java. {@link org.vfiocompat.server.VfioCompatServer} (built with a builder, like the
 * engine) serves the routes of {@code Route.ALL} ({@code /v1/check}, {@code /v1/rank},
 * {@code /v1/explain}, a streamed {@code /v1/batch}, {@code PUT /v1/inventory}, {@code /v1/packs},
 * {@code /v1/status}, {@code /v1/openapi.json}, the health probes and Prometheus metrics) over one
 * {@link org.vfiocompat.engine.CompatibilityEngine} and one replaceable inventory, over HTTP or
 * TLS. It uses the engine's public API only. Its answers are written with the JSON views of
 * the json module ({@link org.vfiocompat.json.JsonViews}, {@link org.vfiocompat.json.BatchLines}),
 * which the CLI and the Spark job write with too, so all three speak one shape. The endpoints
 * are described in docs/server.md and in the OpenAPI document beside {@code OpenApi}.
 */
package org.vfiocompat.server;
