package io.jdlt.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** dlt's section lookup order (reference §11.2), path by path. */
class LookupTest {

    private static List<String> dotted(List<List<String>> paths) {
        return paths.stream().map(path -> String.join(".", path)).toList();
    }

    @Test
    void sourceKeysDropSectionsFromTheRightWithTheCompactLayoutThird() {
        // the reference's notion example: def notion_databases(api_key=dlt.secrets.value) in notion.py
        Lookup lookup = new Lookup(null, List.of("sources", "notion", "notion_databases"), List.of(), "api_key", true);

        assertThat(dotted(lookup.paths())).containsExactly("sources.notion.notion_databases.api_key",
                "sources.notion.api_key", "sources.notion_databases.api_key", "sources.api_key", "api_key");
    }

    @Test
    void aSourceWhoseSectionIsItsNameHasNoCompactPath() {
        Lookup lookup = new Lookup(null, List.of("sources", "github", "github"), List.of(), "token", true);

        assertThat(dotted(lookup.paths())).containsExactly("sources.github.github.token", "sources.github.token",
                "sources.token", "token");
        assertThat(lookup.displayName()).isEqualTo("sources.github.token");
    }

    @Test
    void embeddedCredentialsAreNeverDropped() {
        Lookup lookup = new Lookup(null, List.of("destination", "postgres"), List.of("credentials"), "password", true);

        assertThat(dotted(lookup.paths())).containsExactly("destination.postgres.credentials.password",
                "destination.credentials.password", "credentials.password");
    }

    @Test
    void thePipelineNamePrefixesAWholeFirstSearch() {
        Lookup lookup = new Lookup("chess_games", List.of("destination", "postgres"), List.of("credentials"),
                "password", true);

        assertThat(lookup.searches()).hasSize(2);
        assertThat(dotted(lookup.searches().get(0))).containsExactly(
                "chess_games.destination.postgres.credentials.password",
                "chess_games.destination.credentials.password", "chess_games.credentials.password");
        assertThat(dotted(lookup.searches().get(1))).containsExactly("destination.postgres.credentials.password",
                "destination.credentials.password", "credentials.password");
    }

    @Test
    void environmentVariablesJoinThePathWithDoubleUnderscores() {
        assertThat(EnvironmentVariables.variableName(List.of("sources", "github", "token")))
                .isEqualTo("SOURCES__GITHUB__TOKEN");
        assertThat(EnvironmentVariables.variableName(List.of("chess_games", "destination", "postgres", "credentials",
                "password"))).isEqualTo("CHESS_GAMES__DESTINATION__POSTGRES__CREDENTIALS__PASSWORD");
    }
}
