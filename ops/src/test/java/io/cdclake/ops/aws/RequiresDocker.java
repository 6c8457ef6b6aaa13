package io.cdclake.ops.aws;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips a test class without a Docker engine, and says so on stderr where the build log shows it, so a green
 * build on a machine without Docker is not mistaken for a run of the LocalStack tests. Used next to
 * {@code @Testcontainers(disabledWithoutDocker = true)}, which skips but prints nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {
  /** What the skipped class would have verified, for the message. */
  String value();

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (context.getTestMethod().isPresent()) {
        return ConditionEvaluationResult.enabled("decided for the class");
      }
      String what = context.getRequiredTestClass().getAnnotation(RequiresDocker.class).value();
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return ConditionEvaluationResult.enabled("Docker is available");
      }
      String message = "SKIPPED " + context.getRequiredTestClass().getSimpleName() + ": no Docker engine, so "
          + what + " did not run (CI runs it in the 'localstack' job)";
      System.err.println("*** " + message + " ***");
      return ConditionEvaluationResult.disabled(message);
    }
  }
}
