package io.jdlt.destination;

import java.util.List;
import java.util.Set;

import io.jdlt.format.LoaderFileFormat;

import io.jdlt.schema.MergeStrategy;

/**
 * What a destination can do, so that the engine adapts to it instead of asking its type (Trino's SPI style).
 *
 * @param maxIdentifierLength the longest table or column name, 0 for no limit; longer names are shortened with a
 *         tag of the original name, as dlt does
 * @param mergeStrategies the merge strategies it runs; a resource asking for another one is refused at extract
 * @param replaceStrategies the replace strategies it runs
 * @param mergeFallsBackToAppend whether merge resources are appended instead (dlt's filesystem without a table
 *         format), rather than refused
 * @param loaderFileFormats the loader file formats it loads, the preferred (default) one first
 * @param readsLoaderFilesOnce whether it only reads the loader files, from this machine's disk (a database loading
 *         them), rather than storing them as they are (the filesystem destination): normalize then writes them
 *         without gzip unless {@code data_writer.disable_compression} is configured
 */
public record DestinationCapabilities(int maxIdentifierLength, Set<MergeStrategy> mergeStrategies,
        Set<ReplaceStrategy> replaceStrategies, boolean mergeFallsBackToAppend, List<LoaderFileFormat> loaderFileFormats,
        boolean readsLoaderFilesOnce) {

    public DestinationCapabilities {
        mergeStrategies = Set.copyOf(mergeStrategies);
        replaceStrategies = Set.copyOf(replaceStrategies);
        loaderFileFormats = List.copyOf(loaderFileFormats);
    }

    /** A destination that keeps the loader files as they are: they are gzip-compressed by default, as in dlt. */
    public DestinationCapabilities(int maxIdentifierLength, Set<MergeStrategy> mergeStrategies,
            Set<ReplaceStrategy> replaceStrategies, boolean mergeFallsBackToAppend,
            List<LoaderFileFormat> loaderFileFormats) {
        this(maxIdentifierLength, mergeStrategies, replaceStrategies, mergeFallsBackToAppend, loaderFileFormats, false);
    }

    /** The format normalize writes when the pipeline names none. */
    public LoaderFileFormat preferredLoaderFileFormat() {
        return loaderFileFormats.get(0);
    }
}
