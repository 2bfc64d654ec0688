package dev.backstop.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Names the kind whose real backend a {@link TargetContract} fixture runs the suite against. The
 * registry's test fails for a registered target kind that no fixture names.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(ElementType.TYPE)
public @interface ContractFixture {

    Class<? extends TargetKind> value();
}
