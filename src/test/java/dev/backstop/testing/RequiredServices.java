package dev.backstop.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The one rule for a service a test needs and does not find: in CI ({@code CI=true}) the test
 * fails, since a skipped test there would pass for a green one; elsewhere it is skipped with a
 * message that names the service and how to provide it. Each service is probed once per JVM.
 *
 * <p>Tests that need a service only in some cases (one parameter of several) call
 * {@link #require(Class)} at that point instead of using {@link RequiresService}.
 */
public final class RequiredServices implements BeforeEachCallback {

    /**
     * The configuration parameter (or system property) that overrides the environment's
     * {@code CI}, so that the rule itself can be tested both ways.
     */
    public static final String CI_PARAMETER = "backstop.ci";

    private static final Map<Class<? extends TestService>, Optional<String>> PROBED = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        boolean ci = context.getConfigurationParameter(CI_PARAMETER).map(Boolean::parseBoolean).orElseGet(RequiredServices::ci);
        check(context.getRequiredTestClass(), ci);
        check(context.getRequiredTestMethod(), ci);
    }

    private static void check(AnnotatedElement element, boolean ci) {
        Optional<RequiresService> needs = AnnotationSupport.findAnnotation(element, RequiresService.class);
        if (needs.isPresent()) {
            for (Class<? extends TestService> service : needs.get().value()) {
                check(service, ci);
            }
        }
    }

    /** Applies the rule with {@code CI} from the environment. */
    public static void require(Class<? extends TestService> service) {
        check(service, ci());
    }

    /**
     * @throws AssertionError        when the service is missing and {@code ci}
     * @throws TestAbortedException  when it is missing otherwise
     */
    static void check(Class<? extends TestService> service, boolean ci) {
        TestService probe = ReflectionSupport.newInstance(service);
        Optional<String> why = PROBED.computeIfAbsent(service, s -> Optional.ofNullable(probe.unavailable()));
        if (why.isEmpty()) {
            return;
        }
        if (ci) {
            throw new AssertionError(probe.describe() + " is needed and CI=true, but it is not available: " + why.get());
        }
        throw new TestAbortedException(probe.describe() + " is not available, test skipped (with CI=true it fails): "
                + why.get());
    }

    private static boolean ci() {
        return Boolean.parseBoolean(System.getProperty(CI_PARAMETER, System.getenv("CI")));
    }
}
