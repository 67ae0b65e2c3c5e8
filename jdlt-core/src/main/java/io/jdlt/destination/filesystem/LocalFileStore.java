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

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.storage.IoErrors;

/**
 * Files in a local folder; writes go through a temporary file and a rename, so a reader never sees half a file. A
 * failure is a {@link JdltException} naming the path: transient when space or handles ran out, terminal otherwise
 * (a path the process may not write, a file where a folder should be).
 */
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
            throw failure("write", target, ex);
        }
    }

    @Override
    public Optional<String> readText(String key) {
        Path path = resolve(key);
        try {
            return Files.exists(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8)) : Optional.empty();
        }
        catch (IOException ex) {
            throw failure("read", path, ex);
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
            throw failure("list", start, ex);
        }
        catch (UncheckedIOException ex) {
            // Files.walk reports a folder it cannot read while the stream is consumed
            throw failure("list", start, java.util.Objects.requireNonNull(ex.getCause()));
        }
    }

    @Override
    public void delete(String key) {
        Path path = resolve(key);
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            throw failure("delete", path, ex);
        }
    }

    /** The failure with the kind of its cause, naming the path and what the OS said. */
    private static JdltException failure(String action, Path path, IOException ex) {
        String message = "Filesystem destination: cannot " + action + " " + path + ": " + reason(ex);
        if (IoErrors.isTransient(ex)) {
            return new TransientException(message + ". Free space or file handles; a later run may succeed.", ex);
        }
        return new TerminalException(message + ". Check that the bucket folder and the folders under it are "
                + "folders this process may write; retrying does not help until they are.", ex);
    }

    private static String reason(IOException ex) {
        if (ex instanceof java.nio.file.FileSystemException fs) {
            String why = fs.getReason() != null ? fs.getReason()
                    : ex instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
                    : ex instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : ex.getClass().getSimpleName();
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + why;
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    @Override
    public String location() {
        return root.toString();
    }
}
