package dev.backstop.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.SourceSchema;
import dev.backstop.config.TargetSchema;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TargetKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry lists each kind once, and no registered kind goes untested. */
class KindsTest {

    private static final List<Class<?>> TEST_CLASSES = testClasses();

    @Test
    void registry_typeWords_areUnique() {
        assertThat(Kinds.SOURCES.stream().map(SourceSchema::type)).doesNotHaveDuplicates();
        assertThat(Kinds.TARGETS.stream().map(TargetSchema::type)).doesNotHaveDuplicates();
    }

    @Test
    void everyTargetKind_hasAContractFixture() {
        Set<Class<?>> covered = fixtures(TargetContract.class, ContractFixture.class, ContractFixture::value);

        assertThat(Kinds.TARGETS).allSatisfy(kind -> assertThat(covered).as("a TargetContract fixture for "
                + kind.type()).contains(kind.getClass()));
    }

    @Test
    void everySourceKind_hasARestoreFixture() {
        Set<Class<?>> covered = fixtures(RestoreContract.class, RestoreFixture.class, RestoreFixture::value);

        assertThat(Kinds.SOURCES).allSatisfy(kind -> assertThat(covered).as("a RestoreContract fixture for "
                + kind.type()).contains(kind.getClass()));
    }

    @Test
    void lookup_unknownWord_isEmpty() {
        assertThat(Kinds.source("mongodb")).isEmpty();
        assertThat(Kinds.target("webdav")).isEmpty();
        assertThat(Kinds.TARGETS).extracting(TargetKind::type).containsExactly("local", "sftp", "s3");
    }

    /** The kinds that the concrete subclasses of {@code contract} name with their annotation. */
    private static <A extends Annotation> Set<Class<?>> fixtures(Class<?> contract, Class<A> annotation,
                                                                 Function<A, Class<?>> kind) {
        return TEST_CLASSES.stream()
                .filter(c -> contract.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
                .map(c -> c.getAnnotation(annotation))
                .filter(Objects::nonNull).map(kind).collect(Collectors.toSet());
    }

    /**
     * Every class compiled from the test sources, loaded without being initialised. Read from the
     * directory this class came from: a class-path import with ArchUnit took seconds for the same list.
     */
    private static List<Class<?>> testClasses() {
        try {
            Path root = Path.of(KindsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> root.relativize(f).toString().replace('/', '.').replaceFirst("\\.class$", ""))
                        .filter(name -> name.startsWith("dev.backstop.") && !name.endsWith("package-info"))
                        .map(KindsTest::load).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, KindsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
