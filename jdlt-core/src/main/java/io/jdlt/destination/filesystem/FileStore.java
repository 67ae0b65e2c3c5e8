package io.jdlt.destination.filesystem;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a filesystem destination keeps its files: a local folder, or a bucket. Keys are paths relative to the
 * dataset, with {@code /} between folders.
 */
public interface FileStore {

    /** Copies a local file to the key, replacing what is there. */
    void put(String key, Path file);

    /** Writes text to the key, replacing what is there. */
    void putText(String key, String text);

    Optional<String> readText(String key);

    /** The keys that start with the prefix, in name order. */
    List<String> list(String prefix);

    void delete(String key);

    /** Where the files are, for people: a folder or a bucket URL. */
    String location();
}
