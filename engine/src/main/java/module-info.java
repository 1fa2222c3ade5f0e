/**
 * The vfio-compat engine. Its one exported package, {@code org.vfiocompat.engine}, is the public
 * API; every other package is the implementation, found by the API through {@link java.util.ServiceLoader}.
 * The internal packages whose records Jackson binds (manifests, inventories, vectors, trust
 * stores) are opened to Jackson alone, and to nothing else.
 */
module org.vfiocompat.engine {
    requires transitive org.vfiocompat.rules;
    requires java.compiler;
    requires java.xml;
    requires org.slf4j;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires org.objectweb.asm;
    requires org.kie.api;
    requires org.drools.compiler;
    requires org.drools.drl.ast;
    requires org.drools.drl.parser;
    requires org.drools.model.codegen;
    requires org.drools.canonicalmodel; // the workers' warm-up rule (isolation.WorkerWarmUp)
    requires org.drools.modelcompiler;

    exports org.vfiocompat.engine;

    opens org.vfiocompat.engine.derive to com.fasterxml.jackson.databind;
    opens org.vfiocompat.engine.inventory to com.fasterxml.jackson.databind;
    opens org.vfiocompat.engine.json to com.fasterxml.jackson.databind;
    opens org.vfiocompat.engine.pack to com.fasterxml.jackson.databind;
    opens org.vfiocompat.engine.tools to com.fasterxml.jackson.databind;
    opens org.vfiocompat.engine.trust to com.fasterxml.jackson.databind;

    uses org.vfiocompat.engine.EngineProvider;

    provides org.vfiocompat.engine.EngineProvider with org.vfiocompat.engine.provider.DefaultEngineProvider;
}
