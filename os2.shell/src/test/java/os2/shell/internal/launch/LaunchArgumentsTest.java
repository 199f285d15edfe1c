package os2.shell.internal.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import os2.shell.internal.daemon.ServeOptions;
import os2.shell.internal.session.UsageException;

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

	@Test
	void serveTakesASocketAndAnIdleTime() {
		LaunchArguments arguments = LaunchArguments.parse("--serve", "/tmp/x.sock", "--idle", "90");

		assertTrue(arguments.serving());
		assertFalse(arguments.interactive());
		assertEquals(new ServeOptions(Path.of("/tmp/x.sock"), Duration.ofSeconds(90)), arguments.serveOptions());
	}

	@Test
	void serveWaitsHalfAnHourByDefault() {
		assertEquals(Duration.ofMinutes(30), LaunchArguments.parse("--serve", "/tmp/x.sock").serveOptions().idle());
	}

	@Test
	void anIdleTimeMustBeAPositiveNumber() {
		UsageException problem = assertThrows(UsageException.class,
				() -> LaunchArguments.parse("--serve", "/tmp/x.sock", "--idle", "0"));

		assertEquals("--idle needs a positive number of seconds, not '0'", problem.getMessage());
	}

	@Test
	void serveAndDashCDoNotMix() {
		assertThrows(UsageException.class, () -> LaunchArguments.parse("--serve", "/tmp/x.sock", "-c", "help"));
	}

	@Test
	void mcpIsAnAgentsConnectionAloneNotInteractive() {
		LaunchArguments mcp = LaunchArguments.parse("--mcp");
		assertTrue(mcp.mcp());
		assertFalse(mcp.interactive());
		assertThrows(UsageException.class, () -> LaunchArguments.parse("--mcp", "--admin"));
		assertThrows(UsageException.class, () -> LaunchArguments.parse("--mcp", "-c", "help"));
	}

	@Test
	void jsonGoesWithDashCLines() {
		assertTrue(LaunchArguments.parse("--json", "-c", "help").json());
		assertFalse(LaunchArguments.parse("-c", "help").json());
		UsageException alone = assertThrows(UsageException.class, () -> LaunchArguments.parse("--json"));
		assertTrue(alone.getMessage().startsWith("--json prints the results of -c lines"), alone.getMessage());
	}
}
