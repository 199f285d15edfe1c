package os2.kernel.internal.sandbox;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Budget;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;

/**
 * What the sandbox's and the unsandboxed launcher's tests share: a workspace, roomy limits, and
 * a run that keeps its output. Not how long a run took: that depends on the machine; a limit
 * test asserts which limit ended the run, and its {@code @Timeout} catches a run that hangs.
 */
abstract class LaunchTestSupport {

	/** Room enough for a test's own work; each limit test tightens the one it is about. */
	static final Budget ROOMY = new Budget(2000, Duration.ofSeconds(10), Duration.ofSeconds(5), 1L << 30, 1L << 20, 64,
			64L << 20);

	@TempDir
	Path workspace;

	RecordedOutput output;

	/** The launcher under test. */
	abstract ProcessOutcome launch(ProcessSpec spec, Output into) throws InterruptedException;

	ProcessOutcome run(ProcessSpec spec) throws InterruptedException {
		output = new RecordedOutput();
		return launch(spec, output);
	}

	ProcessSpec.Builder shell(String script) {
		return ProcessSpec.builder(workspace, "/bin/sh", "-c", script).limits(ROOMY);
	}
}
