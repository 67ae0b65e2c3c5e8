package io.jdlt.sources.rest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dlt's {@code header_link}: the next page's URL is the {@code Link} header's target with {@code rel="next"}
 * (RFC 8288; {@code links_next_key} names another relation). Pagination stops when there is none.
 */
public final class HeaderLinkPaginator extends LinkPaginator {

    /** One link value: {@code <target>; param=value; ...}, targets may hold commas, so they are matched whole. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*\"?([^\";]+)\"?");

    private final String linksNextKey;

    public HeaderLinkPaginator(String linksNextKey) {
        this.linksNextKey = linksNextKey;
    }

    public HeaderLinkPaginator() {
        this("next");
    }

    /** The target of the link with relation {@code rel} in a {@code Link} header value, if any. */
    static Optional<String> target(String linkHeader, String rel) {
        Matcher link = LINK.matcher(linkHeader);
        while (link.find()) {
            Matcher relation = REL.matcher(link.group(2));
            // a rel may list several relations separated by spaces: rel="next last"
            if (relation.find() && List.of(relation.group(1).trim().split("\\s+")).contains(rel)) {
                return Optional.of(link.group(1));
            }
        }
        return Optional.empty();
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        nextUrl(response.header("Link").flatMap(header -> target(header, linksNextKey))
                .map(target -> response.url().resolve(target)).orElse(null));
    }

    @Override
    public String toString() {
        return "header_link(links_next_key=" + linksNextKey + ")";
    }
}
