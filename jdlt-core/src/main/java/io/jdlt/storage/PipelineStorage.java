package io.jdlt.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.jdlt.json.Json;
import io.jdlt.schema.Schema;

/**
 * The working dir of one pipeline, laid out as dlt lays it out:
 * <pre>
 * state.json  schemas/&lt;schema&gt;.schema.json
 * extract/&lt;load_id&gt;/                 (being extracted, discarded if a run dies here)
 * normalize/extracted/&lt;load_id&gt;/      (extracted, waiting for normalize)
 * load/new/&lt;load_id&gt;/                 (being normalized, discarded if a run dies here)
 * load/normalized/&lt;load_id&gt;/          (normalized, waiting for load)
 * load/loaded/&lt;load_id&gt;/              (loaded or aborted)
 * </pre>
 * Every hand-over between stages is the rename of a package folder.
 */
public final class PipelineStorage {

    private final Path workingDir;
    private final WorkingDirLock lock;

    public PipelineStorage(Path workingDir) {
        this.workingDir = workingDir;
        this.lock = new WorkingDirLock(workingDir);
    }

    /** Holds the working dir for one stage or run; see {@link WorkingDirLock}. */
    public WorkingDirLock.Held lock() {
        return lock.acquire();
    }

    public Path workingDir() {
        return workingDir;
    }

    public Path extracting() {
        return workingDir.resolve("extract");
    }

    public Path extracted() {
        return workingDir.resolve("normalize").resolve("extracted");
    }

    public Path normalizing() {
        return workingDir.resolve("load").resolve("new");
    }

    public Path normalized() {
        return workingDir.resolve("load").resolve("normalized");
    }

    public Path loaded() {
        return workingDir.resolve("load").resolve("loaded");
    }

    public Path schemas() {
        return workingDir.resolve("schemas");
    }

    public Path stateFile() {
        return workingDir.resolve("state.json");
    }

    /** Creates the folders and removes what a run that died mid-stage left behind. */
    public void open() {
        try (WorkingDirLock.Held held = lock()) {
            createAndClean();
        }
    }

    private void createAndClean() {
        try {
            for (Path dir : List.of(extracting(), extracted(), normalizing(), normalized(), loaded(), schemas())) {
                Files.createDirectories(dir);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create the pipeline working dir " + workingDir, ex);
        }
        // half-extracted and half-normalized packages are rebuilt from their previous stage
        for (LoadPackage partial : packagesIn(extracting())) {
            deleteRecursively(partial.root());
        }
        for (LoadPackage partial : packagesIn(normalizing())) {
            deleteRecursively(partial.root());
        }
    }

    public LoadPackage newExtractPackage(String loadId) {
        return new LoadPackage(loadId, extracting().resolve(loadId));
    }

    public List<LoadPackage> extractedPackages() {
        return packagesIn(extracted());
    }

    public List<LoadPackage> normalizedPackages() {
        return packagesIn(normalized());
    }

    /** Packages waiting for normalize or load, oldest first. */
    public List<LoadPackage> pendingPackages() {
        List<LoadPackage> pending = new java.util.ArrayList<>(extractedPackages());
        pending.addAll(normalizedPackages());
        pending.sort((a, b) -> compareLoadIds(a.loadId(), b.loadId()));
        return pending;
    }

    /** The pending package with this load id, whichever stage it waits for. */
    public Optional<LoadPackage> pendingPackage(String loadId) {
        return pendingPackages().stream().filter(p -> p.loadId().equals(loadId)).findFirst();
    }

    public List<LoadPackage> loadedPackages() {
        return packagesIn(loaded());
    }

    public Optional<LoadPackage> loadedPackage(String loadId) {
        Path root = loaded().resolve(loadId);
        return Files.isDirectory(root) ? Optional.of(new LoadPackage(loadId, root)) : Optional.empty();
    }

    /** Moves a package folder into another stage's folder (an atomic rename) and returns it there. */
    public LoadPackage move(LoadPackage loadPackage, Path stageFolder) {
        Path target = stageFolder.resolve(loadPackage.loadId());
        try {
            Files.move(loadPackage.root(), target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot move load package " + loadPackage.loadId() + " to " + stageFolder, ex);
        }
        return new LoadPackage(loadPackage.loadId(), target);
    }

    public Optional<Schema> readSchema(String schemaName) {
        Path file = schemas().resolve(schemaName + ".schema.json");
        return Files.exists(file) ? Optional.of(Schema.fromDocument(Json.readMap(file))) : Optional.empty();
    }

    public void writeSchema(Schema schema) {
        Json.writeAtomically(schemas().resolve(schema.name() + ".schema.json"), schema.toDocument());
    }


    /** The local pipeline state, in typed JSON so that cursor values keep their types. */
    public Optional<Map<String, Object>> readState() {
        return Files.exists(stateFile()) ? Optional.of(Json.readTypedMap(stateFile())) : Optional.empty();
    }

    public void writeState(Map<String, Object> state) {
        Json.writeTypedAtomically(stateFile(), state);
    }

    /** Empties the working dir (dev mode starts every pipeline instance from nothing); the lock file stays. */
    public void wipe() {
        try (WorkingDirLock.Held held = lock(); Stream<Path> children = Files.list(workingDir)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(".lock")) {
                    if (Files.isDirectory(child)) {
                        deleteRecursively(child);
                    }
                    else {
                        Files.delete(child);
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot empty the working dir " + workingDir, ex);
        }
    }

    private static List<LoadPackage> packagesIn(Path stageFolder) {
        if (!Files.isDirectory(stageFolder)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(stageFolder)) {
            // load ids are epoch seconds with a fraction: order them as numbers, oldest first
            return dirs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().endsWith(".tmp"))
                    .sorted((a, b) -> compareLoadIds(a.getFileName().toString(), b.getFileName().toString()))
                    .map(d -> new LoadPackage(d.getFileName().toString(), d))
                    .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + stageFolder, ex);
        }
    }

    static int compareLoadIds(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        }
        catch (NumberFormatException ex) {
            return a.compareTo(b);
        }
    }

    public static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + root, ex);
        }
    }
}
