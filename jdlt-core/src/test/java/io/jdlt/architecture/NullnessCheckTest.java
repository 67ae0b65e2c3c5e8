package io.jdlt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nullness check the build runs on jdlt-core (NullAway, on the {@code @NullMarked} packages, with the options of
 * jdlt-core's pom) fails a class that returns a nullable value as non-null, and passes it once it checks.
 */
class NullnessCheckTest {

    @TempDir
    Path out;

    private static final String BROKEN = """
            package demo;

            import org.jspecify.annotations.NullMarked;
            import org.jspecify.annotations.Nullable;

            @NullMarked
            class Names {
                String first(@Nullable String name) {
                    return name;
                }
            }
            """;

    @Test
    void aNullableValueReturnedAsNonNullFailsTheBuildAndACheckedOnePasses() {
        String broken = compile(BROKEN);
        assertThat(broken).contains("[NullAway] returning @Nullable expression from method with @NonNull return type");

        assertThat(compile(BROKEN.replace("return name;", "return name == null ? \"\" : name;"))).isEmpty();
    }

    /** Compiles one source with the build's nullness options; returns the errors, empty when it compiled. */
    private String compile(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(java.net.URI.create("string:///demo/Names.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classPath = System.getProperty("java.class.path");
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", out.toString(), "-classpath", classPath,
                "-processorpath", classPath, "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
                "-Xplugin:ErrorProne -XepDisableAllChecks -Xep:NullAway:ERROR -XepOpt:NullAway:OnlyNullMarked=true"),
                null, List.of(file)).call();
        return compiled ? "" : errors.toString();
    }
}
