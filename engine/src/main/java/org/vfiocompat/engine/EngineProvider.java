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

    /** {@link OutputFile#create}: the engine's own way of writing a file whole or not at all. */
    OutputFile outputFile(Path target) throws java.io.IOException;

    /**
     * Whether {@code hosts}, {@code devices} and {@code creatable} are the parts of one inventory
     * this implementation read: immutable, sorted by host and id, each reference once, every host
     * among {@code hosts}. {@link Fleet#of} keeps such lists as they are instead of checking and
     * copying them element by element, which would give each of millions of devices an object of
     * its own (a read fleet holds its devices as columns, and its lists make a device's object
     * when asked for it).
     */
    default boolean readTogether(Collection<String> hosts, Collection<FleetDevice> devices, Collection<Candidate> creatable) {
        return false;
    }

    /**
     * The assigned devices of {@code devices} (sorted, as a fleet holds them), in order: for a
     * list {@link #readTogether} vouches for, a view as compact as it.
     */
    default List<FleetDevice> assigned(List<FleetDevice> devices) {
        return devices.stream().filter(FleetDevice::assigned).toList();
    }

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
