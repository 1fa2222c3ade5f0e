package org.vfiocompat.engine.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.vfiocompat.engine.InvalidPackException;
import org.vfiocompat.engine.Location;
import org.vfiocompat.engine.Problem;
import org.vfiocompat.engine.Signature;
import org.vfiocompat.engine.ProblemCodes;
import org.vfiocompat.engine.json.JsonInput;

/**
 * Whether a pack is what its signer signed: the signature over the manifest, the signer's key
 * bound to every namespace the pack claims, every file with the SHA-256 the manifest lists, and
 * no file that the manifest does not list. Works on bytes and names only, so it is the same for
 * a pack read from a folder, a zip or a jar.
 *
 * <p>Whether signatures are required is the engine's configuration ({@link TrustPolicy}), never
 * the pack's: a stripped signature is refused when they are required, whatever the manifest says.
 */
public final class PackTrustCheck {

    static final String MANIFEST = "pack.json";
    /**
     * The pseudo-namespace a trust-store key must list to sign a platform pack: such a pack
     * judges pairs of every namespace, so no key bound to some namespaces may vouch for it.
     */
    public static final String PLATFORM_CLAIM = "platform:";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * What the check needs of a pack.
     *
     * @param display    how problems name a file of the pack, from its relative path
     * @param manifest   the exact bytes of {@code pack.json}
     * @param signature  the bytes of {@code pack.sig}, or null when the pack has none
     * @param declared   the manifest's {@code files}: relative path to lower-case hex SHA-256, or
     *                   null when it has none
     * @param named      the files the manifest names elsewhere ({@code rules}, {@code tests})
     * @param namespaces the namespaces the pack claims
     * @param platform   whether it is a platform pack, claiming pairs of every namespace: its
     *                   signing key must then be trusted for {@code platform:}
     * @param content    the bytes of a file of the pack, or null when the pack does not hold it
     * @param entries    every file present where the pack came from, or null when its source
     *                   cannot list them
     */
    public record Input(Function<String, String> display, byte[] manifest, byte[] signature,
                        Map<String, String> declared, List<String> named, List<String> namespaces,
                        boolean platform, Function<String, byte[]> content, List<String> entries) {
    }

    /**
     * @param problems empty when the pack may load
     * @param signer   who signed it, as far as the policy could tell
     * @param summary  what was checked, one line, for {@code pack verify}
     * @param grants   what the verified signer's trust-store entry grants beyond namespaces
     *                 ({@link TrustGrants#NONE} unsigned or unverified)
     */
    public record Result(List<Problem> problems, Signature signer, String summary, TrustGrants grants) {
        public Result(List<Problem> problems, Signature signer, String summary) {
            this(problems, signer, summary, TrustGrants.NONE);
        }
    }

    private PackTrustCheck() {
    }

    public static Result check(Input in, TrustPolicy policy) {
        List<Problem> problems = new ArrayList<>();
        String manifestName = in.display().apply(MANIFEST);
        String sigName = in.display().apply(SignatureFile.FILE_NAME);
        if (in.signature() == null) {
            if (policy.required()) {
                problems.add(new Problem(ProblemCodes.TRUST_UNSIGNED, Location.file(sigName), "no signature: this engine requires signed packs and the pack has no "
                        + SignatureFile.FILE_NAME + " (unsigned, or its signature was removed)"));
                return new Result(problems, Signature.UNSIGNED, "");
            }
        }
        Signature signer = Signature.UNSIGNED;
        TrustGrants grants = TrustGrants.NONE;
        String trustedFor = "";
        boolean verified = false;
        if (in.signature() != null && policy.store() == null) {
            signer = Signature.NOT_VERIFIED;
        } else if (in.signature() != null) {
            Optional<TrustStore.TrustedKey> key = verifySignature(in, policy.store(), manifestName, sigName, problems);
            if (key.isEmpty()) {
                return new Result(problems, Signature.UNSIGNED, "");
            }
            for (int i = 0; i < in.namespaces().size(); i++) {
                String ns = in.namespaces().get(i);
                if (!key.get().covers(ns)) {
                    problems.add(new Problem(ProblemCodes.TRUST_NAMESPACE_NOT_ALLOWED, Location.pointer(manifestName, "/namespaces/" + i), "key " + key.get()
                            + " is trusted to sign for " + String.join(", ", key.get().namespaces()) + " only, not for namespace '"
                            + ns + "'"));
                }
            }
            if (in.platform() && !key.get().covers(PLATFORM_CLAIM)) {
                problems.add(new Problem(ProblemCodes.TRUST_PLATFORM_NOT_ALLOWED, Location.pointer(manifestName, "/platform"), "key " + key.get()
                        + " is trusted to sign for " + String.join(", ", key.get().namespaces()) + " only, not for a platform pack,"
                        + " which judges pairs of every namespace: a key signs one only when its trust-store entry lists '"
                        + PLATFORM_CLAIM + "'"));
            }
            if (!problems.isEmpty()) {
                return new Result(problems, Signature.UNSIGNED, "");
            }
            verified = true;
            grants = key.get().grants();
            signer = Signature.verified(key.get().name() + " (" + key.get().keyId() + ")");
            trustedFor = ", trusted for " + String.join(" ", key.get().namespaces());
        }
        String files = "";
        if (in.declared() != null || verified) {
            files = checkFiles(in, verified, manifestName, problems);
        }
        String summary = (verified ? "signed by " + signer.describe() + trustedFor
                : in.signature() != null ? "signature not checked: no trust store configured" : "unsigned (signatures not required)")
                + files;
        return new Result(problems, signer, summary, problems.isEmpty() ? grants : TrustGrants.NONE);
    }

    private static Optional<TrustStore.TrustedKey> verifySignature(Input in, TrustStore store, String manifestName,
                                                                   String sigName, List<Problem> problems) {
        SignatureFile sig;
        try {
            sig = JsonInput.read(in.signature(), sigName, SignatureFile.class, InvalidPackException::new);
        } catch (InvalidPackException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        if (sig.algorithm() == null || sig.keyId() == null || sig.signature() == null) {
            problems.add(new Problem(ProblemCodes.TRUST_BAD_SIGNATURE, Location.file(sigName), "algorithm, keyId and signature must not be null"));
            return Optional.empty();
        }
        if (!Keys.ALGORITHM.equals(sig.algorithm())) {
            problems.add(new Problem(ProblemCodes.TRUST_BAD_SIGNATURE, Location.pointer(sigName, "/algorithm"), "algorithm '" + sig.algorithm() + "' is not supported; packs are signed with Ed25519"));
            return Optional.empty();
        }
        Optional<TrustStore.TrustedKey> key = store.byKeyId(sig.keyId());
        if (key.isEmpty()) {
            problems.add(new Problem(ProblemCodes.TRUST_UNKNOWN_KEY, Location.pointer(sigName, "/keyId"), "signed by key " + sig.keyId() + ", which the trust store "
                    + store.location() + " does not hold"));
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig.signature());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ProblemCodes.TRUST_BAD_SIGNATURE, Location.pointer(sigName, "/signature"), "signature is not base64: " + e.getMessage()));
            return Optional.empty();
        }
        if (!Keys.verify(key.get().key(), in.manifest(), signature)) {
            problems.add(new Problem(ProblemCodes.TRUST_BAD_SIGNATURE, Location.file(manifestName), "the signature by key " + key.get()
                    + " does not match the manifest: pack.json was changed after signing (or pack.sig belongs to another pack)"));
            return Optional.empty();
        }
        return key;
    }

    /** Every listed file present with its hash, every named file listed, no unlisted file present. */
    private static String checkFiles(Input in, boolean signed, String manifestName, List<Problem> problems) {
        String when = signed ? "after signing" : "after the manifest listed it";
        Map<String, String> declared = in.declared();
        if (declared == null) {
            problems.add(new Problem(ProblemCodes.TRUST_FILES_LIST, Location.pointer(manifestName, "/files"), "a signed pack must list every file with its SHA-256 in \"files\""));
            return "";
        }
        int before = problems.size();
        for (Map.Entry<String, String> e : declared.entrySet()) {
            String at = "/files/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (!relativePath(e.getKey())) {
                problems.add(new Problem(ProblemCodes.TRUST_FILES_LIST, Location.pointer(manifestName, at), "'" + e.getKey()
                        + "' is not a relative path inside the pack (or names pack.json or pack.sig, which are never listed)"));
            } else if (e.getValue() == null || !SHA256_HEX.matcher(e.getValue()).matches()) {
                problems.add(new Problem(ProblemCodes.TRUST_FILES_LIST, Location.pointer(manifestName, at), "the SHA-256 of a file is 64 lower-case hex digits"));
            }
        }
        for (String rel : in.named()) {
            if (rel != null && !declared.containsKey(rel)) {
                problems.add(new Problem(ProblemCodes.TRUST_FILES_LIST, Location.pointer(manifestName, "/files"), "'" + rel + "' is named by the manifest but has no SHA-256 in \"files\""));
            }
        }
        if (problems.size() > before) {
            return "";
        }
        for (Map.Entry<String, String> e : declared.entrySet()) {
            byte[] bytes = in.content().apply(e.getKey());
            if (bytes == null) {
                problems.add(new Problem(ProblemCodes.TRUST_FILE_CHANGED, Location.file(in.display().apply(e.getKey())), "listed in pack.json \"files\" but missing from the pack: removed " + when));
            } else if (!sha256(bytes).equals(e.getValue())) {
                problems.add(new Problem(ProblemCodes.TRUST_FILE_CHANGED, Location.file(in.display().apply(e.getKey())), "its SHA-256 differs from the one pack.json lists: changed " + when));
            }
        }
        if (in.entries() == null) {
            if (signed) {
                problems.add(new Problem(ProblemCodes.TRUST_FILE_CHANGED, Location.file(in.display().apply("")), "the pack's source does not list its files, so files added after signing cannot be ruled out"));
            }
            return "; " + declared.size() + " listed file(s) match their SHA-256";
        }
        for (String entry : in.entries()) {
            if (!entry.equals(MANIFEST) && !entry.equals(SignatureFile.FILE_NAME) && !declared.containsKey(entry)) {
                problems.add(new Problem(ProblemCodes.TRUST_FILE_CHANGED, Location.file(in.display().apply(entry)), "not listed in pack.json \"files\": added " + when
                        + " (every file of the pack but pack.json and pack.sig must be listed)"));
            }
        }
        return "; " + declared.size() + " listed file(s) match their SHA-256, no other file present";
    }

    /** Relative, {@code /}-separated, no empty, {@code .} or {@code ..} part, and not the manifest or signature. */
    static boolean relativePath(String p) {
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.equals(MANIFEST) || p.equals(SignatureFile.FILE_NAME)) {
            return false;
        }
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
