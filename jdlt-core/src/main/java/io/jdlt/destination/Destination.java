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

    /**
     * Why the destination cannot be reached now, or empty when it can; for health checks, so it never waits for a
     * load in flight. This default opens and closes a client.
     */
    default java.util.Optional<String> unreachable(String datasetName) {
        try (JobClient client = openClient(datasetName)) {
            return java.util.Optional.empty();
        }
        catch (RuntimeException ex) {
            return java.util.Optional.of(ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage());
        }
    }

    /**
     * Takes the lock that keeps runs of one pipeline into one dataset from overlapping, or returns empty when another
     * run holds it. This default holds it within the JVM; a destination that several processes load into (a database
     * server, a shared folder) holds it in the destination, where a process that dies releases it.
     */
    default java.util.Optional<RunLock> tryLockRun(String datasetName, String pipelineName) {
        return RunLocks.tryInProcess(RunLocks.key(this, datasetName, pipelineName));
    }
}
