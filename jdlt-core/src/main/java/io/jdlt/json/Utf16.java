package io.jdlt.json;

/**
 * Well-formed UTF-16: a lone surrogate (half of a pair, as a broken client or a cut string leaves it) has no UTF-8
 * form, so DuckDB refuses a loader file that holds one and a UTF-8 encoder writes {@code ?} for it. Normalize replaces
 * each with U+FFFD, the replacement character, and counts them. A key is fixed at extract already, since JSON
 * parsers refuse such a name: it then ends with {@link #REPLACED_KEY_MARK}, which normalize counts and removes.
 */
public final class Utf16 {

    public static final char REPLACEMENT = '\uFFFD';

    /** Ends a key whose lone surrogates extract replaced: a private-use character dlt's typed JSON does not use. */
    public static final char REPLACED_KEY_MARK = '\uF02F';

    private Utf16() {
    }

    /** A key as JSON can hold it: with lone surrogates replaced, and marked, or the key itself. */
    public static String validKey(String key) {
        return loneSurrogates(key) == 0 ? key : replaceLoneSurrogates(key) + REPLACED_KEY_MARK;
    }

    /** Whether extract replaced lone surrogates in the key (see {@link #validKey}); O(1). */
    public static boolean isReplacedKey(String key) {
        return !key.isEmpty() && key.charAt(key.length() - 1) == REPLACED_KEY_MARK;
    }

    /** The number of lone surrogates in the text; 0 for nearly all text, found by one pass over its chars. */
    public static int loneSurrogates(String text) {
        int count = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            // one mask test per char: D800..DFFF are the only chars whose top five bits are 11011
            if ((text.charAt(i) & 0xF800) == 0xD800) {
                if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
                else {
                    count++;
                }
            }
        }
        return count;
    }

    /** The text with each lone surrogate replaced by U+FFFD; pairs stay. */
    public static String replaceLoneSurrogates(String text) {
        StringBuilder fixed = new StringBuilder(text.length());
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                fixed.append(c).append(text.charAt(++i));
            }
            else {
                fixed.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return fixed.toString();
    }
}
