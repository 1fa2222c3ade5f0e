/**
 * vfio-compat as a service: the compatibility API over HTTP and JSON, for management stacks that
 * do not run Java. {@link org.vfiocompat.server.VfioCompatServer} (built with a builder, like the
 * engine) serves {@code /v1/check}, {@code /v1/rank}, {@code /v1/packs}, {@code /v1/status}, the
 * health probes and Prometheus metrics over one {@link org.vfiocompat.engine.CompatibilityEngine}
 * and one {@link org.vfiocompat.engine.Fleet}. It uses the engine's public API only; everything but
 * the server and its limits is package-private. The endpoints are described in docs/server.md.
 */
package org.vfiocompat.server;
