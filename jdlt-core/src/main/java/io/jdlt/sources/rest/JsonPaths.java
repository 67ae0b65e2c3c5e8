package io.jdlt.sources.rest;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import org.jspecify.annotations.Nullable;

/**
 * JSONPath over parsed JSON ({@code Map}s and {@code List}s), with Jayway's implementation: dlt's paths such as
 * {@code next}, {@code meta.total} or {@code $.data[*]} read the same.
 */
final class JsonPaths {

    private static final Configuration LENIENT = Configuration.defaultConfiguration()
            .addOptions(Option.SUPPRESS_EXCEPTIONS);

    private JsonPaths() {
    }

    /** The value at {@code path}, or null when the document has nothing there. */
    static @Nullable Object find(@Nullable Object document, String path) {
        if (document == null) {
            return null;
        }
        return JsonPath.using(LENIENT).parse(document).read(compile(path));
    }

    static JsonPath compile(String path) {
        try {
            return JsonPath.compile(path);
        }
        catch (InvalidPathException ex) {
            throw new IllegalArgumentException("'" + path + "' is not a valid JSONPath: " + ex.getMessage(), ex);
        }
    }
}
