package io.jdlt.destination;

/** A place packages are loaded into. */
public interface Destination {

    /** The destination type name, such as {@code duckdb}. */
    String name();

    DestinationCapabilities capabilities();

    /** Where the data goes, for people: a file path or a server address without secrets. */
    String location();

    /** Opens a client that loads packages into {@code datasetName}. */
    JobClient openClient(String datasetName);
}
