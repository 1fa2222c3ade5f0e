package org.vfiocompat.engine;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The service interface through which this API finds its implementation ({@link java.util.ServiceLoader};
 * the engine module provides the one implementation). It keeps this package free of any
 * dependency on the engine's internals, so that the API is a thin, acyclic layer over them.
 * Applications neither implement nor call it: they use {@link CompatibilityEngine},
 * {@link PackTools}, {@link Fleet}, {@link Profiles}, {@link Inventories} and {@link PackSigning}.
 */
public interface EngineProvider {

    CompatibilityEngine engine(EngineSettings settings);

    Fleet readFleet(InputStream in, String name);

    /** {@link #readFleet(InputStream, String)}, telling {@code seen} each distinct profile as it is first read. */
    Fleet readFleet(InputStream in, String name, java.util.function.Consumer<DeviceProfile> seen);

    /**
     * Reads the inventory file {@code file}, telling {@code seen} each distinct profile as it is
     * first read (from any of the reading threads: unlike a stream, a file is read in parts on
     * several threads).
     */
    Fleet loadFleet(Path file, String name, java.util.function.Consumer<DeviceProfile> seen);

    DeviceProfile readProfile(String json, String name);

    ImportResult collect(Path sysfs, String host, List<String> packRoots, Inventories.PackTrust trust,
                         Inventories.Assignments assigned);

    ImportResult fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevXml,
                           List<String> packRoots, Inventories.PackTrust trust, Inventories.Assignments assigned);

    ImportResult fromRecorded(Path dir, String host, List<String> packRoots, Inventories.PackTrust trust,
                              Inventories.Assignments assigned);

    ImportResult merge(List<Path> files);

    List<Path> keygen(Path dir, String name, List<String> namespaces);

    PackSigning.Signed sign(Path packDir, Path privateKey);

    PackVerification verify(Path folder, Path trustStore, boolean requireSignatures);

    PackLint lint(Collection<String> locations);

    PackTestReport test(CompatibilityEngine engine);
}
