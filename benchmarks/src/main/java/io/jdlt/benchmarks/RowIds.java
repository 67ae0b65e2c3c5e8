package io.jdlt.benchmarks;

import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Row ids shaped like the ones jdlt writes (dlt's: 16 random bytes for a parent row, a 16-byte digest for a child
 * row, both as 22 characters of URL-safe base64), so that the physical limits sort and index the same kind of keys
 * as the load they are compared with. Seeded: every run builds the same ids.
 */
final class RowIds {

    private RowIds() {
    }

    static String[] parents(int rows) {
        return random(rows, 1);
    }

    /** Two child ids per parent row, the children of parent k at 2k and 2k + 1. */
    static String[] children(String[] parents) {
        return random(2 * parents.length, 2);
    }

    private static String[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        byte[] bytes = new byte[16];
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            random.nextBytes(bytes);
            ids[i] = encoder.encodeToString(bytes);
        }
        return ids;
    }
}
