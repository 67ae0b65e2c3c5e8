package io.jdlt.sources.rest;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OffsetPaginator} and {@link PageNumberPaginator} share (dlt's {@code RangePaginator}): a number sent as
 * a query parameter, advanced by a step after each page, and dlt's stop conditions: an empty page (when
 * {@code stop_after_empty_page}), the number reaching the total at {@code total_path} or the maximum, or the boolean
 * at {@code has_more_path} turning false.
 */
public abstract class RangePaginator implements Paginator {

    private final String param;
    private final long step;
    private final @Nullable String totalPath;
    private final @Nullable Long maximum;
    private final boolean stopAfterEmptyPage;
    private final @Nullable String hasMorePath;
    private long current;
    private boolean hasNext = true;

    protected RangePaginator(String param, long initial, long step, @Nullable String totalPath,
            @Nullable Long maximum, boolean stopAfterEmptyPage, @Nullable String hasMorePath) {
        if (totalPath == null && maximum == null && !stopAfterEmptyPage && hasMorePath == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a way to stop: one of total_path, "
                    + "a maximum, stop_after_empty_page or has_more_path");
        }
        this.param = param;
        this.current = initial;
        this.step = step;
        this.totalPath = totalPath;
        this.maximum = maximum;
        this.stopAfterEmptyPage = stopAfterEmptyPage;
        this.hasMorePath = hasMorePath;
    }

    @Override
    public void init(RestRequest request) {
        request.params().put(param, current);
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        if (stopAfterEmptyPage && page.isEmpty()) {
            hasNext = false;
            return;
        }
        current += step;
        if (totalPath != null) {
            Object total = JsonPaths.find(response.body(), totalPath);
            if (total == null) {
                throw new RestApiException(response.url(), "has no total at '" + totalPath + "' for " + this
                        + "; set total_path to where the response holds it, or to null with another stop condition");
            }
            if (current >= totalBound(asLong(total, totalPath, response))) {
                hasNext = false;
            }
        }
        if (maximum != null && current >= maximum) {
            hasNext = false;
        }
        if (hasMorePath != null) {
            Object hasMore = JsonPaths.find(response.body(), hasMorePath);
            if (!asBoolean(hasMore, hasMorePath, response)) {
                hasNext = false;
            }
        }
    }

    /** Where the number stops for a given total: an offset stops at the total, a page number at total + base. */
    protected abstract long totalBound(long total);

    @Override
    public boolean hasNextPage() {
        return hasNext;
    }

    @Override
    public void next(RestRequest request) {
        request.params().put(param, current);
    }

    private long asLong(Object value, String path, RestResponse response) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        }
        catch (NumberFormatException ex) {
            throw new RestApiException(response.url(), "holds '" + value + "' at '" + path + "', not a whole number, "
                    + "for " + this);
        }
    }

    /** dlt's str2bool: booleans, and the strings true/false, yes/no, 1/0, on/off. */
    private boolean asBoolean(@Nullable Object value, String path, RestResponse response) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value != null) {
            switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "y", "1", "on", "t" -> {
                    return true;
                }
                case "false", "no", "n", "0", "off", "f" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw new RestApiException(response.url(), "holds " + (value == null ? "nothing" : "'" + value + "'")
                + " at '" + path + "', not a boolean, for " + this);
    }
}
