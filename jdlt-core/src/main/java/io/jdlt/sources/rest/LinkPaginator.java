package io.jdlt.sources.rest;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/** A paginator that follows a URL read from each response to the next page. */
abstract class LinkPaginator implements Paginator {

    private @Nullable URI nextUrl;

    /** The next page's URL; null ends pagination. */
    protected final void nextUrl(@Nullable URI next) {
        this.nextUrl = next;
    }

    @Override
    public final boolean hasNextPage() {
        return nextUrl != null;
    }

    @Override
    public final void next(RestRequest request) {
        request.url(java.util.Objects.requireNonNull(nextUrl, "no next page"));
    }
}
