package org.vfiocompat.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vfiocompat.rules.*;

class ScratchTest {
    @Test
    void run() {
        long t0 = System.nanoTime();
        CompatibilityEngine e = CompatibilityEngine.builder().packs(Path.of("../vendor-packs")).build();
        System.out.println("load ms " + (System.nanoTime() - t0) / 1e6);
        DeviceProfile s = DeviceProfile.builder(DeviceKind.MDEV).deviceApi("vfio-pci").migrationType("i915-GVTg_V5_4")
            .migrationVersion("8086-591d-i915-GVTg_V5_4-2.1.0").build();
        DeviceProfile t = s.toBuilder().migrationVersion("8086-591d-i915-GVTg_V5_4-2.3.0").build();
        DeviceProfile u = s.toBuilder().migrationVersion("8086-3e92-i915-GVTg_V5_2-1.3.0").migrationType("i915-GVTg_V5_2").build();
        System.out.println(e.check(s, s));
        System.out.println(e.check(s, t));
        System.out.println(e.check(t, s));
        System.out.println(e.check(s, u));
        for (int k = 0; k < 5; k++) {
        t0 = System.nanoTime();
        for (int i = 0; i < 2000; i++) e.check(s, t);
        System.out.println("us/pair " + (System.nanoTime() - t0) / 1e3 / 2000);
        }
    }
}
