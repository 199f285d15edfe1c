package os2.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LaunchArgumentsTest {

	@Test
	void noArgumentsMeansInteractive() {
		assertTrue(LaunchArguments.parse().interactive());
	}

	@Test
	void eachDashCIsOneLineInOrder() {
		assertEquals(List.of("help", "exit 3"), LaunchArguments.parse("-c", "help", "-c", "exit 3").lines());
	}

	@Test
	void dashCWithoutALineSaysWhatIsMissing() {
		UsageException problem = assertThrows(UsageException.class, () -> LaunchArguments.parse("-c"));

		assertTrue(problem.getMessage().startsWith("-c needs a command line"), problem.getMessage());
	}

	@Test
	void anUnknownOptionIsNamed() {
		UsageException problem = assertThrows(UsageException.class, () -> LaunchArguments.parse("--colour"));

		assertTrue(problem.getMessage().startsWith("unknown option '--colour'; usage: os2"), problem.getMessage());
	}
}
