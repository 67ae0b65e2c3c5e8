package io.jdlt.schema;

/**
 * Turns source keys and resource names into destination identifiers, as dlt's naming conventions do.
 */
public interface NamingConvention {

    /** Joins the parts of a nested name: {@code a__b} for key {@code b} inside {@code a}. */
    String PATH_SEPARATOR = "__";

    /** The largest identifier this convention produces, 0 for no limit. */
    int maxLength();

    /** Normalizes one identifier; a name that normalizes to nothing is an error. */
    String normalizeIdentifier(String identifier);

    /** Splits {@code path} at {@code __}, normalizes each part, joins and shortens the whole. */
    String normalizePath(String path);

    /** Joins already normalized fragments with {@code __} and shortens the result to {@link #maxLength()}. */
    String shortenFragments(String... normalizedFragments);

    /** This convention with another maximum length (destinations bind theirs). */
    NamingConvention withMaxLength(int maxLength);
}
