package io.jdlt.json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * Property names as Jackson writes them, quoted and encoded once: the rows of a table repeat the same few column
 * names millions of times (1M rows: normalize about 5% faster; extract, whose keys are the source's, gained nothing
 * measurable). Bounded, for data whose keys never repeat (ids as keys).
 */
public final class PropertyNames {

    private static final int MAX_NAMES = 10_000;
    private static final Map<String, SerializableString> NAMES = new ConcurrentHashMap<>();

    private PropertyNames() {
    }

    public static SerializableString of(String name) {
        SerializableString encoded = NAMES.get(name);
        if (encoded == null) {
            encoded = new SerializedString(name);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.put(name, encoded);
            }
        }
        return encoded;
    }
}
