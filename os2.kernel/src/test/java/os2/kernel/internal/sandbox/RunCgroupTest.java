package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A run cgroup's memory limit can be raised and lowered again, as standbys made with one run's
 * limit become runs with another (cgroup v1 refuses memory+swap below memory alone, so the order of
 * the two writes depends on the direction). Needs root and a memory controller.
 */
class RunCgroupTest {

	@Test
	void aMemoryLimitIsRaisedAndLoweredAgain() {
		Optional<RunCgroup> made = RunCgroup.forRoot(1, 64L << 20);
		assumeTrue(made.map(RunCgroup::boundsMemory).orElse(false), "no root JVM with a memory controller here");
		try (RunCgroup cgroup = made.get()) {
			assertDoesNotThrow(() -> cgroup.limitMemory(1L << 30));
			assertDoesNotThrow(() -> cgroup.limitMemory(32L << 20));
			assertDoesNotThrow(() -> cgroup.limitMemory(2L << 30));
		}
	}
}
