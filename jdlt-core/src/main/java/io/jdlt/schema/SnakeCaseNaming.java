package io.jdlt.schema;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import java.nio.charset.StandardCharsets;

/**
 * dlt's default {@code snake_case} naming convention, step for step (reference §2.1 and §2.2), including the
 * 6-character hash tag that keeps shortened names unique.
 */
public final class SnakeCaseNaming implements NamingConvention {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-zA-Z\\p{Nd}_]+");
    private static final Pattern SNAKE_CASE_BREAK_1 = Pattern.compile("([^_])([A-Z][a-z]+)");
    private static final Pattern SNAKE_CASE_BREAK_2 = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern LEADING_DIGITS = Pattern.compile("^\\p{Nd}+");
    private static final Pattern UNDERSCORES = Pattern.compile("__+");
    // dlt picks the tag length for a 0.001 collision probability: int((2+1) * log2(1/0.001) // 8 + 1) = 4 bytes
    private static final int TAG_BYTES = 4;

    private final int maxLength;
    // source keys repeat on every row: normalizing each distinct key once keeps normalize fast
    private final Map<String, String> identifierCache = new ConcurrentHashMap<>();
    private final Map<String, String> pathCache = new ConcurrentHashMap<>();

    public SnakeCaseNaming() {
        this(0);
    }

    public SnakeCaseNaming(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 (no limit) or positive, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public NamingConvention withMaxLength(int newMaxLength) {
        return newMaxLength == maxLength ? this : new SnakeCaseNaming(newMaxLength);
    }

    @Override
    public String normalizeIdentifier(String identifier) {
        if (identifier == null) {
            throw new IllegalArgumentException("an identifier must not be null");
        }
        String cached = identifierCache.get(identifier);
        if (cached != null) {
            return cached;
        }
        String stripped = pythonStrip(identifier);
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("an identifier must not be empty or blank, was '" + identifier + "'");
        }
        String normalized = shorten(toSnakeCase(stripped), stripped);
        identifierCache.put(identifier, normalized);
        return normalized;
    }

    @Override
    public String normalizePath(String path) {
        String cached = pathCache.get(path);
        if (cached != null) {
            return cached;
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split(PATH_SEPARATOR, -1)) {
            if (!pythonStrip(part).isEmpty()) {
                parts.add(normalizeIdentifier(part));
            }
        }
        String normalized = shorten(String.join(PATH_SEPARATOR, parts), path);
        pathCache.put(path, normalized);
        return normalized;
    }

    @Override
    public String shortenFragments(String... normalizedFragments) {
        String joined = String.join(PATH_SEPARATOR, normalizedFragments);
        return shorten(joined, joined);
    }

    /**
     * Python's {@code str.strip()}: also removes Unicode spaces such as U+00A0, which {@link String#strip()} keeps.
     */
    public static String pythonStrip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isPythonSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String toSnakeCase(String identifier) {
        StringBuilder reduced = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            reduced.append(switch (c) {
                case '+', '*' -> 'x';
                case '-' -> '_';
                case '@' -> 'a';
                case '|' -> 'l';
                default -> c;
            });
        }
        String snake = NON_ALPHANUMERIC.matcher(reduced).replaceAll("_");
        snake = SNAKE_CASE_BREAK_1.matcher(snake).replaceAll("$1_$2");
        snake = SNAKE_CASE_BREAK_2.matcher(snake).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        if (LEADING_DIGITS.matcher(snake).find()) {
            snake = "_" + snake;
        }
        int end = snake.length();
        while (end > 0 && snake.charAt(end - 1) == '_') {
            end--;
        }
        // trailing underscores become x, so "trailing_" and "trailing" stay distinct
        snake = snake.substring(0, end) + "x".repeat(snake.length() - end);
        return UNDERSCORES.matcher(snake).replaceAll("_");
    }

    private String shorten(String normalized, String original) {
        if (maxLength == 0 || normalized.length() <= maxLength) {
            return normalized;
        }
        String tag = tag(original);
        int remaining = maxLength - tag.length();
        if (remaining <= 0) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for the identifier tag");
        }
        return normalized.substring(0, remaining / 2 + remaining % 2) + tag
                + normalized.substring(normalized.length() - remaining / 2);
    }

    static String tag(String original) {
        byte[] digest = Digests.shake128(original.getBytes(StandardCharsets.UTF_8), TAG_BYTES);
        String base64 = Base64.getEncoder().withoutPadding().encodeToString(digest);
        return base64.replace('/', 'a').replace('+', 'b').toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return maxLength == 0 ? "snake_case" : "snake_case_ci_" + maxLength;
    }
}
