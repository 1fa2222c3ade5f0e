package org.vfiocompat.engine.pack;

import org.vfiocompat.engine.Signature;

/**
 * Which packs get their KieBase in this JVM as they load. A pack evaluated in a worker JVM
 * ({@code --isolation process}) passes every check here all the same (manifest, DRL check,
 * build, generated classes, bytecode verifier), but its classes are never loaded here: its
 * worker loads the pack itself, creates the KieBase there and refuses the pack when that fails.
 * Creating KieBases the engine never evaluates with was most of a {@code check}'s start-up.
 */
@FunctionalInterface
public interface KieBases {

    /** Every pack gets its KieBase here: in-process evaluation, {@code pack verify}, {@code packs}. */
    KieBases EVERY_PACK = signer -> true;

    /** Whether a pack signed as {@code signer} says gets its KieBase in this JVM. */
    boolean createsFor(Signature signer);
}
