package org.vfiocompat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the CLI behind the launcher script in {@link LauncherSignalTest}: writes its own
 * pid to the file named by its first argument, then sleeps for as many seconds as the second
 * says (0: exits at once, with code 7).
 */
public final class LauncherSleeper {

    private LauncherSleeper() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path pidFile = Path.of(args[0]);
        Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(partial, Long.toString(ProcessHandle.current().pid()));
        Files.move(partial, pidFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long seconds = Long.parseLong(args[1]);
        if (seconds == 0) {
            System.exit(7);
        }
        Thread.sleep(seconds * 1000);
    }
}
