package org.vfiocompat.engine.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vfiocompat.engine.ProblemCodes;

/**
 * Reads a host's VFIO devices from a sysfs tree (the kernel's mdev ABI and the PCI bus):
 * <ul>
 *   <li>{@code class/mdev_bus/<parent>}: links to the parents, each with
 *       {@code mdev_supported_types/<type>/} ({@code device_api}, {@code available_instances},
 *       optional {@code name}, {@code description}, {@code migration_version});</li>
 *   <li>{@code bus/mdev/devices/<uuid>}: links to the mdevs, each with an {@code mdev_type} link
 *       and an optional {@code migration_version};</li>
 *   <li>{@code bus/pci/devices/<address>}: PCI functions; those whose {@code driver} link names
 *       vfio-pci or a variant driver are read ({@code vendor}, {@code device}, subsystem ids, a
 *       VF's {@code physfn} link);</li>
 *   <li>{@code bus/pci/devices/<address>/nvidia/}: NVIDIA's vendor-specific VFIO layout (vGPU 17+,
 *       no mdevs): a VF bound to {@code nvidia} whose {@code current_vgpu_type} is not 0 is a
 *       device of type {@code nvidia-<id>}; a VF whose type is 0 is a parent whose
 *       {@code creatable_vgpu_types} ({@code <id> : <name>} lines) are its creatable types;</li>
 *   <li>for each function read: its {@code revision} and its physical function's device,
 *       revision, driver, {@code sriov_numvfs}, QAT {@code qat/cfg_services} and the PF driver's
 *       {@code module/<driver>/parameters/pf_q_num} (HiSilicon), as {@code sysfs.*} facts;</li>
 *   <li>{@code module/<name>/version}: module versions, for {@code module.NAME} placeholders.</li>
 * </ul>
 * A missing optional file, an unreadable file, a dangling link, content that is not UTF-8, an
 * unknown device API or a directory with too many entries is a warning with the path; a required
 * value that is there but malformed (an {@code available_instances} that is no number) is an
 * error with the path.
 */
final class SysfsScanner {

    /** Device APIs the kernel defines (include/uapi/linux/vfio.h and the mdev drivers). */
    static final Set<String> KNOWN_DEVICE_APIS = Set.of("vfio-pci", "vfio-platform", "vfio-amba", "vfio-ccw", "vfio-ap",
            "vfio-fsl-mc", "vfio-cdx");
    /** The most a sysfs attribute holds (one page) with room to spare; more is not a sysfs attribute. */
    static final int MAX_ATTRIBUTE_BYTES = 64 * 1024;

    private final Path root;
    /** The root, absolute and normalised: what every followed link must stay below. */
    private final Path tree;
    private final Warnings warnings;
    private final int maxEntries;
    /** Module versions looked up so far, absent ones included: a template asks once per device. */
    private final Map<String, java.util.Optional<String>> moduleVersions = new java.util.concurrent.ConcurrentHashMap<>();

    SysfsScanner(Path root, Warnings warnings, int maxEntries) {
        this.root = root;
        this.tree = root.toAbsolutePath().normalize();
        this.warnings = warnings;
        this.maxEntries = maxEntries;
    }

    HostFacts scan() {
        HostFacts facts = new HostFacts();
        // Each entry costs a handful of system calls and nothing else, so entries are read in
        // parallel; results are added in sorted entry order, so the output does not depend on it.
        List<Path> parents = list(root.resolve("class/mdev_bus"));
        for (ParentFacts p : inParallel(parents, entry -> {
            Path dir = follow(entry);
            return dir == null ? null : parent(entry.getFileName().toString(), dir);
        })) {
            facts.addParent(p);
        }
        for (MdevFacts m : inParallel(list(root.resolve("bus/mdev/devices")), this::mdev)) {
            facts.addMdev(m, warnings);
        }
        List<Path> functions = list(root.resolve("bus/pci/devices"));
        for (PhysFacts f : inParallel(functions, this::function)) {
            facts.addFunction(f);
        }
        for (ParentFacts p : inParallel(functions, this::nvidiaFreeVf)) {
            facts.addParent(p);
        }
        Path modules = root.resolve("module");
        facts.modulesPlace = modules.toString();
        facts.moduleVersion = name -> moduleVersions.computeIfAbsent(name,
                n -> java.util.Optional.ofNullable(attribute(modules.resolve(n).resolve("version"), false))).orElse(null);
        return facts;
    }

    /** {@code read} applied to every entry, in parallel; the non-null results in entry order. */
    private static <T> List<T> inParallel(List<Path> entries, java.util.function.Function<Path, T> read) {
        return entries.parallelStream().map(read).filter(java.util.Objects::nonNull).toList();
    }

    private ParentFacts parent(String id, Path dir) {
        String driver = linkName(dir.resolve("driver"));
        PciFacts pci = null;
        if (Files.exists(dir.resolve("vendor"))) {
            pci = new PciFacts(id, hex(dir.resolve("vendor"), true), hex(dir.resolve("device"), true),
                    hex(dir.resolve("subsystem_vendor"), false), hex(dir.resolve("subsystem_device"), false), driver,
                    linkName(dir.resolve("physfn")));
        }
        List<TypeFacts> types = new ArrayList<>();
        Path typesDir = dir.resolve("mdev_supported_types");
        if (!Files.isDirectory(typesDir)) {
            warnings.add(ProblemCodes.IMPORT_MISSING, Place.of(typesDir), "missing: a parent in class/mdev_bus without mdev types");
        }
        for (Path t : list(typesDir)) {
            TypeFacts type = type(t);
            if (type != null) {
                types.add(type);
            }
        }
        return new ParentFacts(id, driver, pci, types, Place.of(dir));
    }

    private TypeFacts type(Path dir) {
        Path apiFile = dir.resolve("device_api");
        Path instancesFile = dir.resolve("available_instances");
        String api = attribute(apiFile, true);
        String instances = attribute(instancesFile, true);
        if (api == null || instances == null) {
            warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(dir), "type left out: device_api and available_instances are mandatory");
            return null;
        }
        if (api.isEmpty()) {
            warnings.error(ProblemCodes.IMPORT_MALFORMED, Place.of(apiFile), "device_api is empty");
            return null;
        }
        if (!KNOWN_DEVICE_APIS.contains(api)) {
            warnings.add(ProblemCodes.IMPORT_UNKNOWN_DEVICE_API, Place.of(apiFile), "unknown device API '" + api + "'; kept as it is");
        }
        int available = integer(instancesFile, instances);
        if (available < 0) {
            return null;
        }
        return new TypeFacts(dir.getFileName().toString(), api, available, optional(dir.resolve("name")),
                optional(dir.resolve("description")), optional(dir.resolve("migration_version")), Place.of(dir));
    }

    private MdevFacts mdev(Path entry) {
        Path dir = follow(entry);
        if (dir == null) {
            return null;
        }
        String type = linkName(dir.resolve("mdev_type"));
        if (type == null) {
            warnings.add(ProblemCodes.IMPORT_MISSING, Place.of(dir.resolve("mdev_type")), "missing: mdev left out, its type is unknown");
            return null;
        }
        String parent = dir.getParent().getFileName().toString();
        return new MdevFacts(entry.getFileName().toString(), parent, type, optional(dir.resolve("migration_version")),
                Place.of(dir));
    }

    private PhysFacts function(Path entry) {
        Path dir = follow(entry);
        if (dir == null) {
            return null;
        }
        String driver = linkName(dir.resolve("driver"));
        String vgpuType = nvidiaVgpuType(driver, dir);
        if (!PciFacts.vfioDriver(driver) && (vgpuType == null || vgpuType.equals("0"))) {
            return null;
        }
        PciFacts pci = new PciFacts(entry.getFileName().toString(), hex(dir.resolve("vendor"), true),
                hex(dir.resolve("device"), true), hex(dir.resolve("subsystem_vendor"), false),
                hex(dir.resolve("subsystem_device"), false), driver, linkName(dir.resolve("physfn")));
        if (pci.vendor() == null || pci.device() == null) {
            return null;
        }
        java.util.Map<String, String> sysfs = new java.util.TreeMap<>();
        put(sysfs, "sysfs.revision", revision(dir.resolve("revision")));
        if (vgpuType != null) {
            put(sysfs, "sysfs.nvidia.current_vgpu_type", vgpuType);
        }
        if (pci.physfn() != null) {
            Path pf = follow(dir.resolve("physfn"));
            if (pf != null) {
                String pfDriver = linkName(pf.resolve("driver"));
                put(sysfs, "sysfs.physfn.device", hex(pf.resolve("device"), false));
                put(sysfs, "sysfs.physfn.revision", revision(pf.resolve("revision")));
                put(sysfs, "sysfs.physfn.driver", pfDriver);
                put(sysfs, "sysfs.physfn.sriov_numvfs", optional(pf.resolve("sriov_numvfs")));
                put(sysfs, "sysfs.physfn.qat.cfg_services", services(optional(pf.resolve("qat/cfg_services"))));
                if (pfDriver != null && pfDriver.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
                    put(sysfs, "sysfs.physfn.pf_q_num", optional(root.resolve("module").resolve(pfDriver.replace('-', '_'))
                            .resolve("parameters/pf_q_num")));
                }
            }
        }
        return new PhysFacts(pci, optional(dir.resolve("migration_version")), Place.of(dir), sysfs);
    }

    /**
     * An NVIDIA VF of the vendor-specific VFIO layout with no vGPU configured yet: a parent whose
     * creatable vGPU types are its types (one instance each: a VF hosts at most one vGPU). Null
     * for any other function.
     */
    private ParentFacts nvidiaFreeVf(Path entry) {
        Path dir = follow(entry);
        if (dir == null) {
            return null;
        }
        String driver = linkName(dir.resolve("driver"));
        if (!"0".equals(nvidiaVgpuType(driver, dir))) {
            return null;
        }
        String id = entry.getFileName().toString();
        PciFacts pci = new PciFacts(id, hex(dir.resolve("vendor"), true), hex(dir.resolve("device"), true),
                hex(dir.resolve("subsystem_vendor"), false), hex(dir.resolve("subsystem_device"), false), driver,
                linkName(dir.resolve("physfn")));
        Path file = dir.resolve("nvidia/creatable_vgpu_types");
        String text = optional(file);
        List<TypeFacts> types = new ArrayList<>();
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            int colon = line.indexOf(':');
            String typeId = colon < 0 ? "" : line.substring(0, colon).strip();
            String name = colon < 0 ? "" : line.substring(colon + 1).strip();
            // The header line ("ID    : vGPU Name") and anything else that is no numeric id is
            // skipped, as NVIDIA's vgpu-device-manager does (pkg/vgpu/vfio/types.go).
            if (!typeId.isEmpty() && typeId.length() <= 9 && typeId.chars().allMatch(c -> c >= '0' && c <= '9') && !name.isEmpty()) {
                types.add(new TypeFacts("nvidia-" + typeId, "vfio-pci", 1, name, null, null, Place.of(file)));
            }
        }
        return new ParentFacts(id, driver, pci, types, Place.of(dir));
    }

    /** The VF's {@code nvidia/current_vgpu_type} ("0" when none) when bound to nvidia, else null. */
    private String nvidiaVgpuType(String driver, Path dir) {
        if (!"nvidia".equals(driver)) {
            return null;
        }
        String type = optional(dir.resolve("nvidia/current_vgpu_type"));
        return type == null || type.length() > 9 || !type.chars().allMatch(c -> c >= '0' && c <= '9') ? null : type;
    }

    /** A PCI revision file ({@code 0x30}) as two lower-case hex digits ({@code 30}), as lspci prints it. */
    private String revision(Path file) {
        return PciFacts.byteId(optional(file));
    }

    /** QAT's {@code cfg_services} with its services sorted: their order is not significant ("asym;sym" is "sym;asym"). */
    private static String services(String raw) {
        if (raw == null) {
            return null;
        }
        return java.util.Arrays.stream(raw.split(";")).map(String::strip).filter(x -> !x.isEmpty()).sorted()
                .collect(java.util.stream.Collectors.joining(";"));
    }

    private static void put(java.util.Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /** The address of VF {@code index} of physical function {@code pf} (its {@code virtfnN} link), or null. */
    String virtfn(String pf, int index) {
        Path entry = root.resolve("bus/pci/devices").resolve(pf);
        if (!Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path dir = follow(entry);
        return dir == null ? null : linkName(dir.resolve("virtfn" + index));
    }

    // ------------------------------------------------------------------ reading files and links

    /** The entries of {@code dir}, sorted; none when it does not exist. */
    private List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (out.size() == maxEntries) {
                    warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(dir), "more than " + maxEntries + " entries; the rest are left out");
                    break;
                }
                out.add(p);
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return out;
        } catch (IOException e) {
            warnings.add(ProblemCodes.FILE_UNREADABLE, Place.of(dir), "cannot be listed: " + reason(e));
        }
        out.sort(null);
        return out;
    }

    /** Whether {@code path} lies strictly inside the tree being scanned. */
    private boolean insideTree(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(tree) && !absolute.equals(tree);
    }

    /** Where the link {@code entry} points (or {@code entry} itself, in a copy without links); null when dangling. */
    private Path follow(Path entry) {
        try {
            Path link = readLink(entry);
            if (link == null) {
                if (Files.isDirectory(entry)) {
                    return entry;
                }
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(entry), "neither a link nor a folder; left out");
                return null;
            }
            Path target = entry.getParent().resolve(link).normalize();
            if (!insideTree(target)) {
                // A device folder lies strictly below the root, as every link of a real /sys
                // does; following one to the root or beyond (a relative root whose link climbs
                // past it had no parent folder to name) would read what is not this host's sysfs.
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(entry), "link to " + link
                        + " leads to the root of the sysfs tree or outside it; left out");
                return null;
            }
            if (!Files.isDirectory(target)) {
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(entry), "dangling link to " + link + "; left out");
                return null;
            }
            return target;
        } catch (IOException e) {
            warnings.add(ProblemCodes.FILE_UNREADABLE, Place.of(entry), "cannot be read: " + reason(e));
            return null;
        }
    }

    /** The last name of the link's target ({@code driver -> .../drivers/vfio-pci} gives {@code vfio-pci}); null without a link. */
    private String linkName(Path link) {
        try {
            Path target = readLink(link);
            if (target == null) {
                return null;
            }
            Path name = target.getFileName();
            return name == null ? null : name.toString();
        } catch (NoSuchFileException | NotLinkException e) {
            return null;
        } catch (IOException e) {
            warnings.add(ProblemCodes.FILE_UNREADABLE, Place.of(link), "cannot be read: " + reason(e));
            return null;
        }
    }

    /**
     * The target of a symbolic link; or, in a copy of sysfs that stored links as small files
     * holding their relative target (as git does with {@code core.symlinks=false}), that
     * target. Null when {@code file} is neither. Sysfs itself always has real links here, so
     * the fallback only ever applies to copies.
     */
    private Path readLink(Path file) throws IOException {
        try {
            return Files.readSymbolicLink(file);
        } catch (NotLinkException e) {
            // not a link: perhaps a flattened one, below
        }
        if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
            return null;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        if (!text.startsWith("../") || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            return null;
        }
        warnings.add(ProblemCodes.IMPORT_FLATTENED_LINKS, Place.of(root), "links are stored as files holding their target (a copy that flattened "
                + "symbolic links); read as links");
        return Path.of(text);
    }

    /** An optional attribute: null, and a warning if it is there but cannot be used. */
    private String optional(Path file) {
        String value = attribute(file, false);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A PCI id file as four hex digits; null (with a warning or, when required, an error) otherwise. */
    private String hex(Path file, boolean required) {
        String raw = attribute(file, required);
        if (raw == null) {
            return null;
        }
        String id = PciFacts.hexId(raw);
        if (id == null) {
            if (required) {
                warnings.error(ProblemCodes.IMPORT_MALFORMED, Place.of(file), "not a PCI id: '" + printable(raw) + "'");
            } else {
                warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(file), "not a PCI id: '" + printable(raw) + "'; left out");
            }
        }
        return id;
    }

    private int integer(Path file, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warnings.error(ProblemCodes.IMPORT_MALFORMED, Place.of(file), "not a count of 0 or more: '" + printable(text) + "'");
        return -1;
    }

    /**
     * The attribute's text without its trailing newline. Null, with a warning, when it is
     * missing, unreadable, too large or not UTF-8; content that is not UTF-8 in a required
     * attribute is an error.
     */
    private String attribute(Path file, boolean required) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A FIFO, socket or device where an attribute belongs (a crafted copy of /sys): opening
            // it could block forever. sysfs attributes are regular files.
            warnings.add(ProblemCodes.IMPORT_LEFT_OUT, Place.of(file), "not a regular file; ignored");
            return null;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_ATTRIBUTE_BYTES + 1);
        } catch (NoSuchFileException e) {
            if (required) {
                warnings.add(ProblemCodes.IMPORT_MISSING, Place.of(file), "missing");
            }
            return null;
        } catch (AccessDeniedException e) {
            warnings.add(ProblemCodes.FILE_UNREADABLE, Place.of(file), "cannot be read: permission denied");
            return null;
        } catch (IOException e) {
            warnings.add(ProblemCodes.FILE_UNREADABLE, Place.of(file), "cannot be read: " + reason(e));
            return null;
        }
        if (bytes.length > MAX_ATTRIBUTE_BYTES) {
            warnings.add(ProblemCodes.FILE_TOO_LARGE, Place.of(file), "larger than " + MAX_ATTRIBUTE_BYTES + " bytes; ignored");
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.strip();
        } catch (CharacterCodingException e) {
            if (required) {
                warnings.error(ProblemCodes.FILE_NOT_UTF8, Place.of(file), "not valid UTF-8");
            } else {
                warnings.add(ProblemCodes.FILE_NOT_UTF8, Place.of(file), "not valid UTF-8; ignored");
            }
            return null;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replace("\n", "\\n");
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
