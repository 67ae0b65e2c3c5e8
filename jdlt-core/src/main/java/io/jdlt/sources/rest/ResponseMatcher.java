package io.jdlt.sources.rest;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which responses a response action applies to (dlt's {@code response_actions}): by status code, by a substring of
 * the body, or both (then both must match).
 */
@FunctionalInterface
public interface ResponseMatcher {

    boolean matches(int status, String body);

    /** A rule {@code {status_code: 404, content: "...", action: ignore}}; null when the rule's action is not ignore. */
    static @Nullable ResponseMatcher ignoreRule(Map<?, ?> rule, String where) {
        Object action = rule.get("action");
        if (!"ignore".equals(action)) {
            throw new IllegalArgumentException(where + ": response action '" + action + "' is not known; jdlt's "
                    + "declarative response actions are {status_code, content, action: ignore}");
        }
        Object status = rule.get("status_code");
        Object content = rule.get("content");
        if (status == null && content == null) {
            throw new IllegalArgumentException(where + ": a response action needs status_code, content or both");
        }
        return (code, body) -> (status == null || Integer.parseInt(status.toString()) == code)
                && (content == null || body.contains(content.toString()));
    }

    /** Any of several rules. */
    static @Nullable ResponseMatcher anyOf(List<ResponseMatcher> matchers) {
        if (matchers.isEmpty()) {
            return null;
        }
        return (code, body) -> matchers.stream().anyMatch(matcher -> matcher.matches(code, body));
    }
}
