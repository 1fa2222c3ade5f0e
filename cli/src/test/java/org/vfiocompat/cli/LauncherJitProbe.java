package org.vfiocompat.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Stands in for the CLI behind the launcher script in {@link LauncherJitTest}: prints the JIT
 * level its JVM was started with and the options its pack workers would get, one line each.
 */
public final class LauncherJitProbe {

    private LauncherJitProbe() {
    }

    public static void main(String[] args) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        System.out.println("TieredStopAtLevel=" + hotspot.getVMOption("TieredStopAtLevel").getValue());
        System.out.println("workers=" + System.getProperty("vfiocompat.worker.javaOptions", ""));
    }
}
