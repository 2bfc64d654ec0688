package dev.backstop.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the layering of STYLE.md: dependencies point down towards core; plugins stay apart. */
@AnalyzeClasses(packages = "dev.backstop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNothingElse = noClasses().that().resideInAPackage("dev.backstop.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.backstop.cli..", "dev.backstop.run..",
                    "dev.backstop.config..", "dev.backstop.source..", "dev.backstop.target..", "dev.backstop.commit..",
                    "dev.backstop.history..", "dev.backstop.exec..");

    @ArchTest
    static final ArchRule onlyCliKnowsPicocli = noClasses().that().resideOutsideOfPackage("dev.backstop.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..");

    @ArchTest
    static final ArchRule onlyHistoryKnowsJdbc = noClasses().that().resideOutsideOfPackages("dev.backstop.history..",
                    "dev.backstop.source.sqlite..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule nothingDependsOnCliOrRun = noClasses().that().resideOutsideOfPackages("dev.backstop.cli..",
                    "dev.backstop.run..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.backstop.cli..", "dev.backstop.run..");

    @ArchTest
    static final ArchRule onlyTheS3TargetKnowsTheAwsSdk = noClasses().that()
            .resideOutsideOfPackage("dev.backstop.target.s3..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon..");

    @ArchTest
    static final ArchRule onlyExecStartsProcesses = noClasses().that().resideOutsideOfPackage("dev.backstop.exec..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder");

    @ArchTest
    static final ArchRule sourcePluginsStayApart = slicesOf("dev.backstop.source.(*)..");

    @ArchTest
    static final ArchRule targetPluginsStayApart = slicesOf("dev.backstop.target.(*)..");

    @ArchTest
    static final ArchRule workflowsNeverNameAKind = noClasses().that().resideInAnyPackage("dev.backstop.run..",
                    "dev.backstop.verify..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.backstop.source.*..", "dev.backstop.target.*..")
            .because("workflows ask a kind's descriptor, found in the registry, and never switch on its type word");

    @ArchTest
    static final ArchRule onlyTheRegistryListsKinds = noClasses().that().resideOutsideOfPackages(
                    "dev.backstop.source..", "dev.backstop.target..", "dev.backstop.registry..", "dev.backstop.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.backstop.source.*..", "dev.backstop.target.*..")
            .because("a new kind is one package and one line in the registry");

    @ArchTest
    static final ArchRule configNamesNoKind = noClasses().that().resideInAPackage("dev.backstop.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.backstop.source..", "dev.backstop.target..",
                    "dev.backstop.registry..")
            .because("the configuration reads every source and target type through the schema the registry gives it");

    private static ArchRule slicesOf(String pattern) {
        return com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching(pattern)
                .should().notDependOnEachOther();
    }

    /** The commit protocol builds on the Target contract alone: no target type, nothing above it. */
    @ArchTest
    static final ArchRule commitDependsOnlyDownwards = classes().that().resideInAPackage("dev.backstop.commit..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.backstop.commit..", "dev.backstop.core..",
                    "dev.backstop.target");

    @ArchTest
    static final ArchRule targetsKnowNoBackupSets = noClasses().that().resideInAPackage("dev.backstop.target..")
            .should().dependOnClassesThat().resideInAPackage("dev.backstop.commit..");

    @ArchTest
    static final ArchRule anomalyDetectionIsPure = classes().that().resideInAPackage("dev.backstop.anomaly..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.math..",
                    "dev.backstop.anomaly..", "dev.backstop.core..", "dev.backstop.config..");

    @ArchTest
    static final ArchRule retentionPlanningIsPure = classes().that().haveFullyQualifiedName(
                    "dev.backstop.retention.RetentionPlanner")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "dev.backstop.retention..", "dev.backstop.config..");

    @ArchTest
    static final ArchRule onlyDashboardServesHttp = noClasses().that().resideOutsideOfPackage("dev.backstop.dashboard..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..");

    @ArchTest
    static final ArchRule healthEvaluationIsPure = classes().that().resideInAPackage("dev.backstop.status..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "dev.backstop.status..", "dev.backstop.core..", "dev.backstop.history..");

    @ArchTest
    static final ArchRule metricsRenderingIsPure = classes().that().resideInAPackage("dev.backstop.metrics..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "dev.backstop.metrics..", "dev.backstop.core..", "dev.backstop.history..");

    @ArchTest
    static final ArchRule statusAndMetricsReadNoDatabase = noClasses().that().resideInAnyPackage("dev.backstop.status..",
                    "dev.backstop.metrics..")
            .should().dependOnClassesThat().haveSimpleName("HistoryStore");

    @ArchTest
    static final ArchRule everyExitGoesThroughMain = noClasses().that().doNotHaveFullyQualifiedName("dev.backstop.cli.Main")
            .should().callMethod(System.class, "exit", int.class);
}
