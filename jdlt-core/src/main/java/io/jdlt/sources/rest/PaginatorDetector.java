package io.jdlt.sources.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * dlt's paginator auto-detection, run on the first response when an endpoint names no paginator. The first rule
 * that matches wins:
 * <ol>
 * <li>a {@code Link} header with {@code rel="next"}: {@link HeaderLinkPaginator};</li>
 * <li>a key {@code next} (any case, at any depth), or {@code @odata.nextLink}, whose value (or its {@code href} /
 * {@code url}) starts with {@code http} or {@code /}: {@link JsonLinkPaginator} at that path;</li>
 * <li>a key {@code total_pages}, {@code pages} or {@code totalPages} holding a whole number:
 * {@link PageNumberPaginator} with that total, counting from the response's {@code page} (or 1; base page 0 when
 * that page is 0);</li>
 * <li>a key {@code next_page_token} or {@code nextPageToken}: {@link CursorPaginator} sending it back under the same
 * name ({@code pageToken} for {@code nextPageToken}); then any other {@code next} key holding a scalar:
 * {@link CursorPaginator} with parameter {@code cursor};</li>
 * <li>a top-level boolean {@code has_more} beside a list of items with an {@code id}:
 * {@link LastItemCursorPaginator} sending the last id as {@code starting_after};</li>
 * <li>otherwise {@link SinglePagePaginator}.</li>
 * </ol>
 * Rules 4 (tokens) and 5 go beyond dlt, which misses these APIs (dlt issues #1915, #2816). The paginator returned
 * has not read the first response yet: the client hands it over like any other.
 */
final class PaginatorDetector {

    private static final Set<String> TOTAL_PAGES = Set.of("total_pages", "pages", "totalpages");

    private PaginatorDetector() {
    }

    static Paginator detect(RestResponse response, List<Object> page) {
        if (response.header("Link").flatMap(link -> HeaderLinkPaginator.target(link, "next")).isPresent()) {
            return new HeaderLinkPaginator();
        }
        Object body = response.body();
        Optional<String> nextLink = findKey(body, "$", key -> key.equalsIgnoreCase("next")
                || key.equals("@odata.nextLink"), PaginatorDetector::isLink);
        if (nextLink.isPresent()) {
            return new JsonLinkPaginator(nextLink.get());
        }
        Optional<String> totalPages = findKey(body, "$", key -> TOTAL_PAGES.contains(key.toLowerCase(Locale.ROOT)),
                PaginatorDetector::isWholeNumber);
        if (totalPages.isPresent()) {
            Object current = body instanceof Map<?, ?> map ? map.get("page") : null;
            long firstPage = current != null && isWholeNumber(current) ? Long.parseLong(current.toString()) : 1;
            // the first response was page firstPage: reading it moves the paginator on to the next one
            return new PageNumberPaginator(firstPage == 0 ? 0 : 1, firstPage, "page", totalPages.get(), null, true,
                    null);
        }
        for (String token : List.of("next_page_token", "nextPageToken")) {
            Optional<String> path = findKey(body, "$", key -> key.equals(token), PaginatorDetector::isScalar);
            if (path.isPresent()) {
                return new CursorPaginator(path.get(), token.equals("nextPageToken") ? "pageToken" : token);
            }
        }
        Optional<String> nextCursor = findKey(body, "$", key -> key.equalsIgnoreCase("next"),
                PaginatorDetector::isScalar);
        if (nextCursor.isPresent()) {
            return new CursorPaginator(nextCursor.get(), "cursor");
        }
        if (body instanceof Map<?, ?> map && map.get("has_more") instanceof Boolean && !page.isEmpty()
                && page.get(page.size() - 1) instanceof Map<?, ?> last && last.get("id") != null) {
            return new LastItemCursorPaginator("id", "starting_after", "has_more");
        }
        return new SinglePagePaginator();
    }

    /** The JSONPath of the first key (breadth first) that {@code key} accepts and whose value {@code value} does. */
    private static Optional<String> findKey(@Nullable Object node, String path,
            java.util.function.Predicate<String> key, java.util.function.Predicate<@Nullable Object> value) {
        if (!(node instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (key.test(name) && value.test(entry.getValue())) {
                return Optional.of(path + "['" + name.replace("'", "\\'") + "']");
            }
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Optional<String> nested = findKey(entry.getValue(), path + "['" + String.valueOf(entry.getKey())
                    .replace("'", "\\'") + "']", key, value);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    private static boolean isLink(@Nullable Object value) {
        Object link = value instanceof Map<?, ?> object ? (object.get("href") != null ? object.get("href")
                : object.get("url")) : value;
        return link instanceof String text && (text.startsWith("http") || text.startsWith("/"));
    }

    private static boolean isWholeNumber(@Nullable Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return true;
        }
        return value instanceof String text && text.matches("\\d+");
    }

    private static boolean isScalar(@Nullable Object value) {
        return value != null && !(value instanceof Map) && !(value instanceof List) && !(value instanceof Boolean);
    }
}
