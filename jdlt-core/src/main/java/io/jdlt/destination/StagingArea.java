package io.jdlt.destination;

import java.nio.file.Path;
import java.time.OffsetDateTime;

/**
 * Where normalized files wait for the destination to load them (dlt's staging): the loader puts each job file there
 * and the destination loads it from there. A warehouse would be told to load from a bucket; DuckDB and PostgreSQL
 * read staged files from a local folder.
 */
public interface StagingArea {

    /**
     * Puts a job file into the staging area and returns the path the destination loads it from.
     *
     * @param dataset the dataset the file is for
     */
    Path stage(String dataset, String schemaName, String loadId, Path job, OffsetDateTime createdAt);

    /** Where the staged files are, for people. */
    String location();
}
