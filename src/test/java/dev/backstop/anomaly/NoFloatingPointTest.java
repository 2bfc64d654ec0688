package dev.backstop.anomaly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Anomaly thresholds are whole-number arithmetic: no float or double anywhere in the package. */
class NoFloatingPointTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/backstop/anomaly");
    private static final Pattern FLOATING = Pattern.compile(
            "\\b(double|float|Double|Float|BigDecimal|Math\\.\\w+|StrictMath)\\b|\\b\\d+\\.\\d*([eE]\\d+)?[dDfF]?\\b|\\b\\d+[dDfF]\\b");

    @Test
    void anomalyClasses_useNoFloatingPointTypes() {
        // given the compiled package
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.backstop.anomaly");

        // when / then: no field, parameter, return type or call involves a floating-point type
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("double")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("float")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Double")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Float")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.math.BigDecimal")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Math")
                .check(classes);
    }

    @Test
    void anomalySources_containNoFloatingPointCodeOutsideComments() throws Exception {
        // given every source file of the package, comments removed
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);

        // when / then: no floating-point type, literal or Math call remains
        for (Path f : files) {
            String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
                    .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
            assertThat(FLOATING.matcher(code).results().map(m -> m.group()).toList()).as(f.toString()).isEmpty();
        }
    }
}
