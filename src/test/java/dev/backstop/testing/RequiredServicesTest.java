package dev.backstop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/** The CI rule of {@link RequiresService}, on sample test classes run by a launcher of their own. */
class RequiredServicesTest {

    static final List<String> RAN = Collections.synchronizedList(new ArrayList<>());

    /** Never there. */
    public static final class Missing implements TestService {
        @Override
        public String describe() {
            return "the frobnicator on 127.0.0.1:9";
        }

        @Override
        public String unavailable() {
            return "nothing answers; scripts/frob.sh starts it";
        }
    }

    /** Always there. */
    public static final class Present implements TestService {
        @Override
        public String describe() {
            return "the air";
        }

        @Override
        public String unavailable() {
            return null;
        }
    }

    @RequiresService(Missing.class)
    static class NeedsMissing {
        Object fixture;

        @BeforeEach
        void setUp() {
            RAN.add("setUp");
            fixture = new Object();
        }

        @Test
        void test() {
            RAN.add("test");
        }

        @AfterEach
        void cleanUp() {
            RAN.add("cleanUp " + fixture.hashCode()); // throws when set-up did not run
        }
    }

    @RequiresService({Present.class, Missing.class})
    static class NeedsBoth extends NeedsMissing {
    }

    @RequiresService(Present.class)
    static class NeedsPresent {
        @Test
        void test() {
            RAN.add("present");
        }
    }

    static class NeedsMissingInOneTest {
        @Test
        void free() {
            RAN.add("free");
        }

        @Test
        @RequiresService(Missing.class)
        void needy() {
            RAN.add("needy");
        }
    }

    @BeforeEach
    void clear() {
        RAN.clear();
    }

    @Test
    void missingService_ciTrue_failsNamingTheServiceAndRunsNoSetUpOrCleanUp() {
        Map<String, TestExecutionResult> results = run(NeedsMissing.class, true);

        assertThat(results).containsOnlyKeys("test()");
        TestExecutionResult r = results.get("test()");
        assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(r.getThrowable()).containsInstanceOf(AssertionError.class);
        assertThat(r.getThrowable().orElseThrow()).hasMessage("the frobnicator on 127.0.0.1:9 is needed and CI=true,"
                + " but it is not available: nothing answers; scripts/frob.sh starts it");
        assertThat(RAN).isEmpty();
    }

    @Test
    void missingService_noCi_skipsNamingTheServiceAndRunsNoSetUpOrCleanUp() {
        Map<String, TestExecutionResult> results = run(NeedsMissing.class, false);

        TestExecutionResult r = results.get("test()");
        assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(r.getThrowable().orElseThrow()).isInstanceOf(TestAbortedException.class)
                .hasMessage("the frobnicator on 127.0.0.1:9 is not available, test skipped (with CI=true it fails):"
                        + " nothing answers; scripts/frob.sh starts it");
        assertThat(RAN).isEmpty();
    }

    @Test
    void oneOfTwoServicesMissing_inheritedByASubclass_stillStopsTheTest() {
        assertThat(run(NeedsBoth.class, true).get("test()").getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(run(NeedsBoth.class, false).get("test()").getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(RAN).isEmpty();
    }

    @Test
    void presentService_ciTrue_runsTheTest() {
        Map<String, TestExecutionResult> results = run(NeedsPresent.class, true);

        assertThat(results.get("test()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(RAN).containsExactly("present");
    }

    @Test
    void serviceOnOneTest_missing_stopsOnlyThatTest() {
        Map<String, TestExecutionResult> results = run(NeedsMissingInOneTest.class, true);

        assertThat(results.get("free()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(results.get("needy()").getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(RAN).containsExactly("free");
    }

    @Test
    void check_calledInATest_appliesTheSameRule() {
        assertThatThrownBy(() -> RequiredServices.check(Missing.class, true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the frobnicator on 127.0.0.1:9 is needed and CI=true");
        assertThatThrownBy(() -> RequiredServices.check(Missing.class, false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("the frobnicator on 127.0.0.1:9 is not available");
        RequiredServices.check(Present.class, true);
    }

    /** Runs a sample class with {@code CI} as given; the result of each test, by its display name. */
    private static Map<String, TestExecutionResult> run(Class<?> sample, boolean ci) {
        Map<String, TestExecutionResult> results = Collections.synchronizedMap(new LinkedHashMap<>());
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(sample))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter(RequiredServices.CI_PARAMETER, String.valueOf(ci))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            results.put(test.getDisplayName(), result);
                        }
                    }
                });
        return results;
    }
}
