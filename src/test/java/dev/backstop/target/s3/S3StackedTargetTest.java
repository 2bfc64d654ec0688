package dev.backstop.target.s3;

import dev.backstop.target.ProductionStack;
import dev.backstop.target.Target;

/** The whole contract on an S3 target wrapped as runs wrap it, faults planted below the retries. */
class S3StackedTargetTest extends S3TargetTest {

    @Override
    protected Target stack(Target t) {
        return ProductionStack.around(t);
    }
}
