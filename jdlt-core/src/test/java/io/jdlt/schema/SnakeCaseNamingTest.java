package io.jdlt.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The verified examples of reference §2.1 and §2.2. */
class SnakeCaseNamingTest {

    private final SnakeCaseNaming naming = new SnakeCaseNaming();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "CamelCase|camel_case",
            "with space|with_space",
            "f-1|f_1",
            "a+b|axb",
            "@mention|amention",
            "trailing_|trailingx",
            "123start|_123start",
            "Ünïcödé|_n_c_dx",
            "\"  padded  \"|padded",
            "UPPER|upper",
            "HTTPResponseCode|http_response_code",
            "channelSURFING|channel_surfing",
            "LIST+ident:1|lis_txident_1",
            "x.y|x_y",
    })
    void normalizesIdentifiersAsDlt(String identifier, String expected) {
        assertThat(naming.normalizeIdentifier(identifier)).isEqualTo(expected);
    }

    @Test
    void pipeInsideIdentifierBecomesL() {
        // the CsvSource above splits on '|', so this one is spelled out
        assertThat(naming.normalizeIdentifier("pipe|x")).isEqualTo("pipelx");
    }

    @Test
    void pathsKeepTheirSeparatorAndTablesAreSnakeCased() {
        assertThat(naming.normalizePath("a__b")).isEqualTo("a__b");
        assertThat(naming.normalizePath("MyTable.Items")).isEqualTo("my_table_items");
        assertThat(naming.normalizePath("x.y")).isEqualTo("x_y");
    }

    @Test
    void stripsUnicodeSpacesAsPythonDoes() {
        assertThat(naming.normalizeIdentifier("\u00a0abc\u2003")).isEqualTo("abc");
        assertThatThrownBy(() -> naming.normalizeIdentifier("\u00a0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blankIdentifiersAreRejected() {
        assertThatThrownBy(() -> naming.normalizeIdentifier("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void shortensLongIdentifiersWithATagOfTheOriginal() {
        SnakeCaseNaming postgres = new SnakeCaseNaming(63);
        assertThat(postgres.normalizeIdentifier("a".repeat(70)))
                .isEqualTo("aaaaaaaaaaaaaaaaaaaaaaaaaaaaamo6cbaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .hasSize(63);
        assertThat(postgres.normalizeIdentifier(
                "ThisIsAVeryLongColumnNameThatExceedsTheLimitOfPostgresIdentifiers_ByFar"))
                .isEqualTo("this_is_a_very_long_column_na48r9zg_postgres_identifiers_by_far");
        assertThat(new SnakeCaseNaming(16).shortenFragments("customers", "orders", "items"))
                .isEqualTo("custo9pbc0gitems");
    }

    @Test
    void hashFunctionsMatchDlt() {
        assertThat(Digests.childRowId("z5jIxXIbUnmbKw", "acc__items", 0)).isEqualTo("7KiakX3cdbWxCw");
        assertThat(Digests.digest128("3", 15)).isEqualTo("Cn/dwi436vBbdERZ9hKf");
        assertThat(Digests.digest128("{\"id\":1}", 10)).isEqualTo("z5jIxXIbUnmbKw");
        assertThat(Digests.digest128("{\"c1\":\"foo\",\"c2\":1,\"customer_key\":1}", 10)).isEqualTo("SJ3pezeFVqFPPw");
        assertThat(Digests.randomRowId()).hasSize(14).isNotEqualTo(Digests.randomRowId());
    }
}
