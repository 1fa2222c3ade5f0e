package org.vfiocompat.engine.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vfiocompat.engine.Candidate;
import org.vfiocompat.engine.CompatibilityEngine;
import org.vfiocompat.engine.Decision;
import org.vfiocompat.engine.DecisionSink;
import org.vfiocompat.engine.EngineProvider;
import org.vfiocompat.engine.EngineSettings;
import org.vfiocompat.engine.Fleet;
import org.vfiocompat.engine.FleetDevice;
import org.vfiocompat.engine.ImportResult;
import org.vfiocompat.engine.InvalidInventoryException;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Inventories;
import org.vfiocompat.engine.OutputFile;
import org.vfiocompat.engine.PackLint;
import org.vfiocompat.engine.PackSigning;
import org.vfiocompat.engine.PackTestReport;
import org.vfiocompat.engine.PackVerification;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.decision.DecisionLog;
import org.vfiocompat.engine.files.AtomicFile;
import org.vfiocompat.engine.fleet.CreatableTable;
import org.vfiocompat.engine.fleet.DeviceTable;
import org.vfiocompat.engine.importer.Importers;
import org.vfiocompat.engine.inventory.InventoryContent;
import org.vfiocompat.engine.inventory.InventoryReader;
import org.vfiocompat.engine.json.JsonInput;
import org.vfiocompat.engine.json.ProfileJson;
import org.vfiocompat.engine.runtime.RuntimeEngine;
import org.vfiocompat.engine.tools.PackToolchain;
import org.vfiocompat.engine.trust.PackSigner;
import org.vfiocompat.engine.trust.TrustPolicy;
import org.vfiocompat.rules.DeviceProfile;

/**
 * The engine's implementation of the public API, registered for {@link java.util.ServiceLoader}
 * in {@code META-INF/services} (and {@code provides} in module-info): each method hands the
 * call to the package that does the work.
 */
public final class DefaultEngineProvider implements EngineProvider {

    /** For {@link java.util.ServiceLoader}. */
    public DefaultEngineProvider() {
    }

    @Override
    public CompatibilityEngine engine(EngineSettings settings) {
        DecisionSink decisions = decisions(settings);
        try {
            return new RuntimeEngine(settings, decisions);
        } catch (RuntimeException e) {
            if (decisions != null) {
                decisions.close();
            }
            throw e;
        }
    }

    /** The decision log (file or writer) and the embedder's sink as one sink, or null for none. */
    private static DecisionSink decisions(EngineSettings settings) {
        List<DecisionSink> sinks = new ArrayList<>();
        if (settings.decisionLogWriter().isPresent()) {
            sinks.add(DecisionLog.to(settings.decisionLogWriter().get(), settings.decisionLogMask()));
        } else if (settings.decisionLogFile().isPresent()) {
            Path file = settings.decisionLogFile().get();
            try {
                sinks.add(DecisionLog.append(file, settings.decisionLogMask()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the decision log " + file + ": " + e.getMessage(), e);
            }
        }
        settings.decisionSink().ifPresent(sinks::add);
        if (sinks.isEmpty()) {
            return null;
        }
        if (sinks.size() == 1) {
            return sinks.get(0);
        }
        List<DecisionSink> all = List.copyOf(sinks);
        return new DecisionSink() {
            @Override
            public void accept(Decision decision) {
                all.forEach(s -> s.accept(decision));
            }

            @Override
            public void close() {
                all.forEach(DecisionSink::close);
            }
        };
    }

    @Override
    public Fleet readFleet(InputStream in, String name) {
        return readFleet(in, name, profile -> { });
    }

    @Override
    public Fleet readFleet(InputStream in, String name, java.util.function.Consumer<DeviceProfile> seen) {
        // Streamed one host at a time: endless or huge input fails by its bounds, never by memory.
        InventoryContent content = InventoryReader.read(in, name, seen);
        return Fleet.of(name, content.hosts(), content.devices(), content.creatable());
    }

    @Override
    public Fleet loadFleet(Path file, String name, java.util.function.Consumer<DeviceProfile> seen) {
        InventoryContent content = InventoryReader.read(file, name, InventoryReader.defaultThreads(), seen);
        return Fleet.of(name, content.hosts(), content.devices(), content.creatable());
    }

    @Override
    public boolean readTogether(Collection<String> hosts, Collection<FleetDevice> devices, Collection<Candidate> creatable) {
        // The reader's tables share its one host list: identity says they are one inventory's.
        return devices instanceof DeviceTable d && creatable instanceof CreatableTable c
                && d.hosts() == hosts && c.hosts() == hosts;
    }

    @Override
    public List<FleetDevice> assigned(List<FleetDevice> devices) {
        return devices instanceof DeviceTable d ? d.assignedDevices() : EngineProvider.super.assigned(devices);
    }

    @Override
    public OutputFile outputFile(Path target) throws IOException {
        return AtomicFile.create(target, false);
    }

    @Override
    public DeviceProfile readProfile(String json, String name) {
        ProfileJson p = JsonInput.read(json.getBytes(StandardCharsets.UTF_8), name, ProfileJson.class,
                InvalidInventoryException::new);
        List<Problem> problems = p.check(name, "");
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(problems);
        }
        return p.toProfile();
    }

    @Override
    public ImportResult collect(Path sysfs, String host, List<String> packRoots, Inventories.PackTrust trust,
                                Inventories.Assignments assigned) {
        return result(Importers.collect(sysfs, host, packRoots, policy(trust), assigned), trust);
    }

    @Override
    public ImportResult fromTools(String host, Path mdevctlTypes, Path mdevctlList, List<Path> nodedevXml,
                                  List<String> packRoots, Inventories.PackTrust trust, Inventories.Assignments assigned) {
        return result(Importers.fromTools(host, mdevctlTypes, mdevctlList, nodedevXml, packRoots, policy(trust), assigned), trust);
    }

    @Override
    public ImportResult fromRecorded(Path dir, String host, List<String> packRoots, Inventories.PackTrust trust,
                                     Inventories.Assignments assigned) {
        return result(Importers.fromRecorded(dir, host, packRoots, policy(trust), assigned), trust);
    }

    /** The trust policy a collector checks packs with, the trust store read as loading reads it. */
    private static TrustPolicy policy(Inventories.PackTrust trust) {
        return TrustPolicy.of(trust.trustStore(), trust.requireSignatures());
    }

    @Override
    public ImportResult merge(List<Path> files) {
        return result(Importers.merge(files));
    }

    private static ImportResult result(Importers.Output out) {
        return new ImportResult(out.json(), out.warnings());
    }

    /**
     * A collector's result: with {@code trust.strictPacks()} a pack that could not be used fails
     * the import with its problems; otherwise each of its problems is a warning, first, saying
     * that its derive entries were left out (the inventory holds the other packs' derivations).
     */
    private static ImportResult result(Importers.Output out, Inventories.PackTrust trust) {
        if (out.refusedPacks().isEmpty()) {
            return result(out);
        }
        if (trust.strictPacks()) {
            throw new InvalidPackException(out.refusedPacks());
        }
        List<Problem> warnings = new java.util.ArrayList<>();
        for (Problem p : out.refusedPacks()) {
            warnings.add(new Problem(p.code(), p.location(), "pack refused, its derive entries are not used: " + p.message()));
        }
        warnings.addAll(out.warnings());
        return new ImportResult(out.json(), warnings);
    }

    @Override
    public List<Path> keygen(Path dir, String name, List<String> namespaces) {
        try {
            return PackSigner.keygen(dir, name, namespaces);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidPackException(List.of(new Problem(ProblemCodes.TRUST_SIGNING_FAILED, Location.file(dir.resolve(name).toString()), messageOf(e))));
        }
    }

    @Override
    public PackSigning.Signed sign(Path packDir, Path privateKey) {
        try {
            PackSigner.Signed s = PackSigner.sign(packDir, privateKey);
            return new PackSigning.Signed(s.keyId(), s.files());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidPackException(List.of(new Problem(ProblemCodes.TRUST_SIGNING_FAILED, Location.file(packDir.toString()), messageOf(e))));
        }
    }

    private static String messageOf(Exception e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " exists already; a key file is never overwritten";
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public PackVerification verify(Path folder, Path trustStore, boolean requireSignatures) {
        return PackToolchain.verify(folder, trustStore, requireSignatures);
    }

    @Override
    public PackLint lint(Collection<String> locations) {
        return PackToolchain.lint(locations);
    }

    @Override
    public PackTestReport test(CompatibilityEngine engine) {
        if (!(engine instanceof RuntimeEngine runtime)) {
            throw new IllegalArgumentException("pack tests run on an engine built by CompatibilityEngine.builder(), not "
                    + engine.getClass().getName());
        }
        return PackToolchain.test(runtime);
    }
}
