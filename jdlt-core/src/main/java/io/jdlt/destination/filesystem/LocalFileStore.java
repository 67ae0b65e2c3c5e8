package io.jdlt.destination.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Files in a local folder; writes go through a temporary file and a rename, so a reader never sees half a file. */
public final class LocalFileStore implements FileStore {

    private final Path root;

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The local file of a key. */
    public Path path(String key) {
        return resolve(key);
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key '" + key + "' leaves the dataset folder " + root);
        }
        return path;
    }

    @Override
    public void put(String key, Path file) {
        write(key, tmp -> Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public void putText(String key, String text) {
        write(key, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    private interface Writer {
        void writeTo(Path tmp) throws IOException;
    }

    /** Writes beside the target and renames it into place: readers see the old file or the new one, never half. */
    private void write(String key, Writer writer) {
        Path target = resolve(key);
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try {
                writer.writeTo(tmp);
            }
            catch (NoSuchFileException newFolder) {
                // folders are created when a write finds them missing, not checked before every file
                Files.createDirectories(target.getParent());
                writer.writeTo(tmp);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + target, ex);
        }
    }

    @Override
    public Optional<String> readText(String key) {
        Path path = resolve(key);
        try {
            return Files.exists(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8)) : Optional.empty();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
    }

    @Override
    public List<String> list(String prefix) {
        // only the folder the prefix names is walked, not the whole bucket: a dataset's folder grows by every load
        int folderEnd = prefix.lastIndexOf('/');
        Path start = folderEnd < 0 ? root : resolve(prefix.substring(0, folderEnd));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && !k.endsWith(".tmp"))
                    .sorted()
                    .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + root, ex);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + key + " in " + root, ex);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }
}
