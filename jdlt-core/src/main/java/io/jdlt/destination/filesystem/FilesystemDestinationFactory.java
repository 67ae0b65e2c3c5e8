package io.jdlt.destination.filesystem;

import java.net.URI;
import java.nio.file.Path;

import io.jdlt.TerminalException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;

/**
 * Creates {@code filesystem} destinations from dlt's settings: {@code bucket_url} (a local path or
 * {@code file:///…}) and {@code layout}.
 */
public final class FilesystemDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return FilesystemDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
        String bucketUrl = context.setting("bucket_url");
        if (bucketUrl == null || bucketUrl.isBlank()) {
            throw new TerminalException("destination filesystem needs destination.filesystem.bucket_url, a folder "
                    + "such as file:///var/data/lake");
        }
        Path bucket = bucketUrl.startsWith("file:") ? Path.of(URI.create(bucketUrl)) : Path.of(bucketUrl);
        FilesystemDestination destination = FilesystemDestination.local(bucket);
        String layout = context.setting("layout");
        return layout == null ? destination : destination.withLayout(layout);
    }
}
