package org.vfiocompat.engine.isolation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vfiocompat.engine.Verdict;
import org.vfiocompat.rules.Level;

/**
 * A worker that does, inside its JVM, what the static checks exist to stop and might one day
 * miss: it speaks the protocol, answers LIVE, and on a pair whose source version names a
 * misdeed commits it — {@code spin} loops forever, {@code heap} fills the heap, {@code exit}
 * halts the JVM, {@code garbage} writes a frame the engine must refuse. The supervisor's tests
 * run it as a real process in place of {@link WorkerMain}.
 */
public final class MisbehavingWorker {

    private MisbehavingWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(WorkerMain.answers()));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        WorkerProtocol.Hello hello = WorkerProtocol.readHello(in);
        out.writeBoolean(true);
        out.flush();
        for (List<WorkerProtocol.Numbered> pairs = WorkerProtocol.readRequest(in); pairs != null; pairs = WorkerProtocol.readRequest(in)) {
            for (WorkerProtocol.Numbered n : pairs) {
                String version = n.pair().source().getMigrationVersion();
                misbehave(version, out);
                WorkerProtocol.writeAnswer(out, n.number(), new Verdict(Level.LIVE, java.util.Optional.empty(), 80,
                        "fine: " + version, "someone-else", "9.9", List.of(), List.of(), "forged"));
                out.flush();
            }
        }
        System.err.println("worker of " + hello.pack().digest() + ": input ended");
    }

    private static void misbehave(String what, DataOutputStream out) throws IOException {
        switch (what) {
            case "spin" -> {
                long n = 0;
                while (n >= 0) {
                    n++;
                }
            }
            case "heap" -> {
                List<long[]> hoard = new ArrayList<>();
                while (hoard.size() >= 0) {
                    hoard.add(new long[1 << 20]);
                }
            }
            case "exit" -> Runtime.getRuntime().halt(1);
            case "garbage" -> {
                out.writeInt(-7);
                out.flush();
            }
            default -> {
                // a good pair
            }
        }
    }
}
