package dev.backstop.source;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the kind whose restorer a {@link RestoreContract} fixture runs the suite against. The
 * registry's test fails for a registered source kind that no fixture names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RestoreFixture {

    Class<? extends SourceKind> value();
}
