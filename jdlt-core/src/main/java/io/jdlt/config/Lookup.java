package io.jdlt.config;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One value to find, and dlt's order of the paths to find it at ({@code _build_section_lookup_paths}): the explicit
 * sections are dropped from the right one by one, down to the bare key; embedded sections ({@code credentials}) are
 * never dropped. For a source, {@code sources.<name>.<key>} comes third when the source's section differs from its
 * name. The whole search is done first under the pipeline's name, then without it.
 *
 * @param pipelineName the pipeline whose name prefixes the first search, or null
 * @param explicitSections e.g. {@code [sources, github, github]} or {@code [destination, postgres]}
 * @param embeddedSections e.g. {@code [credentials]}
 * @param key the value's name, e.g. {@code token}
 * @param secret whether the value must come from a provider that holds secrets
 */
public record Lookup(@Nullable String pipelineName, List<String> explicitSections, List<String> embeddedSections,
        String key, boolean secret) {

    public Lookup {
        explicitSections = List.copyOf(explicitSections);
        embeddedSections = List.copyOf(embeddedSections);
    }

    /** The paths without the pipeline prefix, most specific first. */
    public List<List<String>> paths() {
        List<List<String>> paths = new ArrayList<>();
        List<String> sections = new ArrayList<>(explicitSections);
        while (true) {
            paths.add(path(sections));
            if (sections.isEmpty()) {
                break;
            }
            sections.remove(sections.size() - 1);
        }
        if (explicitSections.size() == 3 && explicitSections.get(0).equals("sources")
                && !explicitSections.get(1).equals(explicitSections.get(2))) {
            // dlt's compact layout: [sources.<name>] works for a source whatever section its code lives in
            paths.add(2, path(List.of("sources", explicitSections.get(2))));
        }
        return paths;
    }

    /**
     * The searches in order: under the pipeline's name first when there is one, then without it. Each search asks
     * every provider for all its paths before the next provider.
     */
    public List<List<List<String>>> searches() {
        List<List<String>> unprefixed = paths();
        if (pipelineName == null) {
            return List.of(unprefixed);
        }
        List<List<String>> prefixed = new ArrayList<>();
        for (List<String> path : unprefixed) {
            List<String> withPipeline = new ArrayList<>();
            withPipeline.add(pipelineName);
            withPipeline.addAll(path);
            prefixed.add(withPipeline);
        }
        return List.of(prefixed, unprefixed);
    }

    /** The most specific path without the pipeline name: how the value is named in messages. */
    public String displayName() {
        List<String> first = paths().get(0);
        if (explicitSections.size() == 3 && explicitSections.get(0).equals("sources")
                && explicitSections.get(1).equals(explicitSections.get(2))) {
            // sources.github.github.token is searched, but [sources.github] is where a user puts it
            return "sources." + String.join(".", first.subList(2, first.size()));
        }
        return String.join(".", first);
    }

    private List<String> path(List<String> sections) {
        List<String> path = new ArrayList<>(sections);
        path.addAll(embeddedSections);
        path.add(key);
        return path;
    }
}
