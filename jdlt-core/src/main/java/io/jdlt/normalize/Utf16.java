package io.jdlt.normalize;

/**
 * Well-formed UTF-16: a lone surrogate (half of a pair, as a broken client or a cut string leaves it) has no UTF-8
 * form, so DuckDB refuses a loader file that holds one and a UTF-8 encoder writes {@code ?} for it. Normalize replaces
 * each with U+FFFD, the replacement character, and counts them.
 */
final class Utf16 {

    static final char REPLACEMENT = '\uFFFD';

    private Utf16() {
    }

    /** The number of lone surrogates in the text; 0 for nearly all text, found by one pass over its chars. */
    static int loneSurrogates(String text) {
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
    static String replaceLoneSurrogates(String text) {
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
