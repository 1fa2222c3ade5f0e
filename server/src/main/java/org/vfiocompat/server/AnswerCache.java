package org.vfiocompat.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.vfiocompat.engine.Verdict;

/**
 * The answers of repeated {@code POST /v1/check} and {@code /v1/explain} requests, so that a
 * client asking the same question again costs a verdict lookup and a copy, not a JSON parse, a
 * tree and a pretty-printing (those were most of a cached check's CPU, see docs/performance.md).
 *
 * <p>An entry is found by the route, the inventory generation and the body's exact bytes, and
 * holds the request as it was read from them (its references resolved in that inventory) and the
 * last answer given to it with the verdicts it was made of. The verdicts are asked of the engine
 * on every request, as without this cache; the answer's bytes are reused only when they equal
 * the remembered ones ({@link Verdict} is a record: equal verdicts print the same JSON), so a
 * pack reload that changes a verdict changes the answer at once, and one that does not costs
 * nothing. A new inventory generation finds no entry of the old one. Only requests that read
 * without a problem get an entry (a refusal is made again each time). Bounded by weight, so no
 * client can make it grow: bodies and answers together stay under {@link #MAX_WEIGHT} bytes.
 */
final class AnswerCache {

    /** Bytes of bodies and answers kept, about: 8 MiB. */
    static final long MAX_WEIGHT = 8L * 1024 * 1024;

    /** What an answer of one verdict weighs before it is made: the size of a typical check's JSON, rounded up. */
    private static final int ANSWER_WEIGHT_PER_VERDICT = 1536;

    /** One route's request, as read from one body in one inventory generation. */
    private static final class Key {
        final String path;
        final long generation;
        final byte[] body;
        final int hash;

        Key(String path, long generation, byte[] body) {
            this.path = path;
            this.generation = generation;
            this.body = body;
            this.hash = (path.hashCode() * 31 + Long.hashCode(generation)) * 31 + Arrays.hashCode(body);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.generation == generation && k.path.equals(path)
                    && Arrays.equals(k.body, body);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** An answer as sent: its bytes, its digests header (null without one), and the verdicts it shows. */
    record Answered(List<Verdict> verdicts, byte[] body, String digests) {
    }

    /** A request read once, and the last answer given to it. */
    static final class Entry<R> {
        private final R request;
        private final int verdicts;
        private volatile Answered last;

        private Entry(R request, int verdicts) {
            this.request = request;
            this.verdicts = verdicts;
        }

        R request() {
            return request;
        }

        /** The last answer, when it was made of these verdicts; else null (make it, then {@link #remember}). */
        Answered answeredFor(List<Verdict> now) {
            Answered a = last;
            if (a == null || a.verdicts().size() != now.size()) {
                return null;
            }
            for (int i = 0; i < now.size(); i++) {
                Verdict was = a.verdicts().get(i);
                if (was != now.get(i) && !was.equals(now.get(i))) {
                    return null;
                }
            }
            return a;
        }

        void remember(Answered answered) {
            last = answered;
        }
    }

    private final Cache<Key, Entry<?>> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_WEIGHT)
            .weigher((Key k, Entry<?> e) -> k.body.length + e.verdicts * ANSWER_WEIGHT_PER_VERDICT)
            .build();

    /**
     * The entry of this body on this route in this inventory generation: found, or read now by
     * {@code read} (whose {@link RequestProblem} goes to the caller and leaves no entry).
     *
     * @param verdictsOf how many verdicts the request's answer will show (its weight)
     */
    @SuppressWarnings("unchecked")
    <R> Entry<R> entry(String path, long generation, byte[] body, Supplier<R> read, java.util.function.ToIntFunction<R> verdictsOf) {
        return (Entry<R>) entries.get(new Key(path, generation, body), k -> {
            R request = read.get();
            return new Entry<>(request, verdictsOf.applyAsInt(request));
        });
    }

    /** Entries kept now (for tests). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
