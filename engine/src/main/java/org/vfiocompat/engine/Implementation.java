package org.vfiocompat.engine;

import java.util.Iterator;
import java.util.ServiceLoader;

/** The one {@link EngineProvider}, found once, on first use. */
final class Implementation {

    private Implementation() {
    }

    private static final class Holder {
        static final EngineProvider PROVIDER = find();
    }

    static EngineProvider provider() {
        return Holder.PROVIDER;
    }

    private static EngineProvider find() {
        Iterator<EngineProvider> found = ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader())
                .iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("no vfio-compat engine implementation on the class path "
                    + "(META-INF/services/" + EngineProvider.class.getName() + " is missing)");
        }
        return found.next();
    }
}
