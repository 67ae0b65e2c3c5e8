package io.jdlt.destination;

/**
 * What a destination can do, so that the engine adapts to it instead of asking its type (Trino's SPI style).
 *
 * @param maxIdentifierLength the longest table or column name, 0 for no limit; longer names are shortened with a
 *         tag of the original name, as dlt does
 */
public record DestinationCapabilities(int maxIdentifierLength) {
}
