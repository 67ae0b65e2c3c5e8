package io.jdlt.destination;

/**
 * What a destination can do, so that the engine adapts to it instead of asking its type (Trino's SPI style).
 *
 * @param preferredLoaderFileFormat the file format normalize writes for it
 * @param maxIdentifierLength the longest table or column name, 0 for no limit; longer names are shortened with a tag
 * @param supportsTransactions whether a whole package (DDL, data, {@code _dlt_loads} row) commits atomically
 */
public record DestinationCapabilities(String preferredLoaderFileFormat, int maxIdentifierLength,
        boolean supportsTransactions) {
}
