package io.jdlt.destination;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

import io.jdlt.common.TerminalException;

/** Finds destination factories on the class path by name. */
public final class Destinations {

    private Destinations() {
    }

    public static Destination create(String name, DestinationContext context) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (DestinationFactory factory : ServiceLoader.load(DestinationFactory.class, Destinations.class.getClassLoader())) {
            if (factory.name().equals(wanted)) {
                return factory.create(context.named(wanted));
            }
            known.add(factory.name());
        }
        throw new TerminalException("Unknown destination '" + name + "'; destinations on the class path: " + known
                + ". Add the destination's driver (for duckdb: org.duckdb:duckdb_jdbc) as a dependency.");
    }

    public static Destination create(String name, String pipelineName) {
        return create(name, new DestinationContext(pipelineName, Map.of()));
    }
}
