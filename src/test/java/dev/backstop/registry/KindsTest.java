package dev.backstop.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.backstop.config.SourceSchema;
import dev.backstop.config.TargetSchema;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import dev.backstop.target.ContractFixture;
import dev.backstop.target.TargetContract;
import dev.backstop.target.TargetKind;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The registry lists each kind once, and no registered kind goes untested. */
class KindsTest {

    private static final List<JavaClass> TEST_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS).importPackages("dev.backstop").stream()
            .toList();

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
                .filter(c -> c.isAssignableTo(contract) && !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(c -> c.reflect().getAnnotation(annotation))
                .filter(Objects::nonNull).map(kind).collect(Collectors.toSet());
    }
}
