package org.vfiocompat.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic fleet (same seed and size, same file byte for byte): hosts with an
 * Intel iGPU offering GVT-g types and carrying vGPUs, some whole Intel GPUs passed through as
 * PHYS, NVIDIA T4 vGPUs and mlx5 VFs (in the version formats of the bundled packs), about a third of the
 * devices assigned, creatable types with spare instances, and a few hundred distinct profiles.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.vfiocompat.bench.FleetGenerator 100000 fleet.json [seed]};
 * a name ending in {@code .ndjson} writes the same hosts as NDJSON (one host per line), and
 * {@code .gz} after either compresses it.
 */
public final class FleetGenerator {

    private static final String[] GPUS = {"3e92", "591d", "1912"};
    private static final String[] MODELS = {"Intel UHD Graphics 630 (8086:3e92)", "Intel HD Graphics 630 (8086:591d)",
        "Intel HD Graphics 530 (8086:1912)"};
    private static final String[] SOFTWARE = {"2.1.0", "2.1.0", "2.3.0", "2.3.0", "2.3.1", "1.9.0", "3.0.0"};
    private static final String[] TYPES = {"i915-GVTg_V5_1", "i915-GVTg_V5_2", "i915-GVTg_V5_4", "i915-GVTg_V5_8"};
    private static final String[] RESOLUTIONS = {"1920x1200", "1920x1080", "2560x1600", "3840x2160"};

    private FleetGenerator() {
    }

    /** vGPU manager releases of the NVIDIA hosts (the nvidia-vgpu pack's version format). */
    private static final String[] MANAGERS = {"535.104.05", "535.129.03", "550.54.14"};
    /** mlx5 firmware versions of the VF hosts (the mlx5-vfio pack's version format, after the PSID). */
    private static final String[] FIRMWARE = {"22.36.1010", "22.39.1002", "22.39.1002"};

    /** A T4 host's version string: board, vGPU manager of the host, ECC off. */
    private static String nvidiaVersion(int hostIndex) {
        return "vgpu=GRID T4-2Q, manager=" + MANAGERS[Math.floorMod(hostIndex * 5, MANAGERS.length)]
                + ", gpu=1EB810DE, subsystem=12A210DE, ecc=Disabled, pending_ecc=Disabled, os=ubuntu 22.04";
    }

    private static void nvidiaAttributes(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("attributes");
        g.writeStringField("name", "GRID T4-2Q");
        g.writeStringField("framebuffer", "2048M");
        g.writeStringField("max_instance", "8");
        g.writeEndObject();
    }

    public static void main(String[] args) {
        long devices = Long.parseLong(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        long hosts = write(out, devices, seed);
        System.out.println("wrote " + out + " with " + devices + " devices on " + hosts + " hosts (seed " + seed + ")");
    }

    /**
     * Writes a fleet of exactly {@code devices} devices (about 6 per host; the last host may
     * have fewer) to {@code out}: an inventory document, or NDJSON when the name ends in
     * {@code .ndjson} (or {@code .ndjson.gz}); gzip-compressed when it ends in {@code .gz}. The
     * hosts are the same in every form. Returns the number of hosts.
     */
    public static long write(Path out, long devices, long seed) {
        if (devices < 1) {
            throw new IllegalArgumentException("a fleet needs at least one device, got " + devices);
        }
        SplittableRandom random = new SplittableRandom(seed);
        String name = out.getFileName().toString();
        boolean gz = name.endsWith(".gz");
        boolean ndjson = name.endsWith(".ndjson") || name.endsWith(".ndjson.gz");
        try (java.io.OutputStream file = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out), 1 << 16);
             java.io.OutputStream sink = gz ? new java.util.zip.GZIPOutputStream(file, 1 << 16) : file;
             JsonGenerator g = new JsonFactory().setRootValueSeparator(null).createGenerator(sink, JsonEncoding.UTF8)) {
            if (!ndjson) {
                g.writeStartObject();
                g.writeNumberField("version", 1);
                g.writeArrayFieldStart("hosts");
            }
            long written = 0;
            int hosts = 0;
            // At least two hosts, so every device has somewhere else to go.
            while (written < devices || hosts < 2) {
                written += host(g, random, hosts++, Math.max(0, devices - written));
                if (ndjson) {
                    g.writeRaw('\n');
                }
            }
            if (!ndjson) {
                g.writeEndArray();
                g.writeEndObject();
            }
            return hosts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One host with at most {@code budget} devices (its usual 4 to 10 when the budget allows); returns how many it has. */
    private static int host(JsonGenerator g, SplittableRandom r, int index, long budget) throws IOException {
        int gpu = r.nextInt(GPUS.length);
        String dev = GPUS[gpu];
        String sw = SOFTWARE[r.nextInt(SOFTWARE.length)];
        String resolution = RESOLUTIONS[r.nextInt(RESOLUTIONS.length)];
        g.writeStartObject();
        g.writeStringField("name", String.format("host-%06d", index));
        g.writeArrayFieldStart("devices");
        int mdevs = (int) Math.min(4 + r.nextInt(4), budget);
        int written = mdevs;
        for (int i = 0; i < mdevs; i++) {
            String type = TYPES[1 + r.nextInt(3)];
            g.writeStartObject();
            g.writeStringField("id", uuid(r));
            g.writeStringField("kind", "MDEV");
            g.writeStringField("parent", "0000:00:02.0");
            g.writeStringField("deviceApi", "vfio-pci");
            g.writeStringField("migrationType", type);
            g.writeStringField("migrationVersion", "8086-" + dev + "-" + type + "-" + sw);
            g.writeObjectFieldStart("attributes");
            g.writeStringField("resolution", resolution);
            g.writeEndObject();
            if (r.nextInt(3) == 0) {
                g.writeStringField("assignedTo", "vm-" + index + "-" + i);
            }
            g.writeEndObject();
        }
        if (r.nextInt(4) == 0 && written < budget) {
            written++;
            phys(g, r, "0000:03:00.0", "PHYS", "vfio-pci:8086:" + dev, "8086-" + dev + "-vfio-pci-" + sw, index);
        }
        if (r.nextInt(5) == 0 && written < budget) {
            written++;
            g.writeStartObject();
            g.writeStringField("id", uuid(r));
            g.writeStringField("kind", "MDEV");
            g.writeStringField("parent", "0000:3b:00.0");
            g.writeStringField("deviceApi", "vfio-pci");
            g.writeStringField("migrationType", "nvidia-256");
            g.writeStringField("migrationVersion", nvidiaVersion(index));
            nvidiaAttributes(g);
            if (r.nextBoolean()) {
                g.writeStringField("assignedTo", "vm-ml-" + index);
            }
            g.writeEndObject();
        }
        if (r.nextInt(3) == 0 && written < budget) {
            written++;
            phys(g, r, "0000:5e:00.2", "PHYS", "mlx5_vfio_pci:15b3:101e",
                    "psid=MT_0000000359, fw=" + FIRMWARE[Math.floorMod(index * 7, FIRMWARE.length)] + ", migratable=enable", index);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("mdevParents");
        g.writeStartObject();
        g.writeStringField("id", "0000:00:02.0");
        g.writeStringField("model", MODELS[gpu]);
        g.writeArrayFieldStart("types");
        for (String type : TYPES) {
            g.writeStartObject();
            g.writeStringField("migrationType", type);
            g.writeStringField("deviceApi", "vfio-pci");
            g.writeNumberField("availableInstances", r.nextInt(3));
            g.writeStringField("migrationVersion", "8086-" + dev + "-" + type + "-" + sw);
            g.writeObjectFieldStart("attributes");
            g.writeStringField("resolution", resolution);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("id", "0000:3b:00.0");
        g.writeStringField("model", "NVIDIA Tesla T4 (10de:1eb8)");
        g.writeArrayFieldStart("types");
        g.writeStartObject();
        g.writeStringField("migrationType", "nvidia-256");
        g.writeStringField("deviceApi", "vfio-pci");
        g.writeNumberField("availableInstances", r.nextInt(2));
        g.writeStringField("migrationVersion", nvidiaVersion(index));
        nvidiaAttributes(g);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        return written;
    }

    private static void phys(JsonGenerator g, SplittableRandom r, String id, String kind, String type, String version, int index)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("kind", kind);
        g.writeStringField("deviceApi", "vfio-pci");
        g.writeStringField("migrationType", type);
        g.writeStringField("migrationVersion", version);
        if (r.nextBoolean()) {
            g.writeStringField("assignedTo", "vm-p-" + index);
        }
        g.writeEndObject();
    }

    private static String uuid(SplittableRandom r) {
        return String.format("%08x-%04x-4%03x-%04x-%012x", r.nextInt() & 0xffffffffL, r.nextInt(0x10000), r.nextInt(0x1000),
                0x8000 | r.nextInt(0x4000), r.nextLong() & 0xffffffffffffL);
    }
}
