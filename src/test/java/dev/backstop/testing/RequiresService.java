package dev.backstop.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tests of this class (or this one test) need these services. Before each test, and before
 * its {@code @BeforeEach} methods, a service that is not available fails the test when
 * {@code CI=true} and skips it, naming the service, everywhere else; the test's set-up and
 * clean-up then do not run. See {@link RequiredServices}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiredServices.class)
public @interface RequiresService {

    Class<? extends TestService>[] value();
}
