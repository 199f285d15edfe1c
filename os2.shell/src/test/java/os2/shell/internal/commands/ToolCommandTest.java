package os2.shell.internal.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import os2.kernel.api.CommandSpec;
import os2.kernel.api.Kernel;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.Output.Stream;
import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.shell.internal.session.GogoFixture;

/** What the shell adds to a tool's output: the reason it ended, on a line of its own. */
class ToolCommandTest {

	/** A kernel whose run writes {@code stdout} and {@code stderr} and ends as {@code ending} says. */
	private static Kernel kernel(String stdout, String stderr, String ending) {
		return new Kernel() {
			@Override
			public RunResult run(RunRequest request, Output output) {
				write(output, Stream.STDOUT, stdout);
				write(output, Stream.STDERR, stderr);
				return switch (ending) {
					case "wall-time" -> RunResult.stopped("wall-time", ResourceUsage.NONE);
					case "failure" -> throw new KernelException("slow failed: java.lang.IllegalStateException: broken");
					default -> RunResult.exited(Integer.parseInt(ending));
				};
			}

			@Override
			public Optional<String> hiddenTool(String name) {
				return Optional.empty();
			}
		};
	}

	private static void write(Output output, Stream stream, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		output.write(stream, bytes, 0, bytes.length);
	}

	private static final CommandSpec SLOW = CommandSpec.of("slow", "a tool that takes its time",
			CommandSpec.Form.of(CommandSpec.Parameter.rest("ARGS", "anything"))).readingInput();

	private GogoFixture gogo;

	private GogoFixture run(Kernel kernel, String line) {
		gogo = new GogoFixture().add("slow", new ToolCommand("slow", SLOW, () -> kernel));
		gogo.runner().run(line);
		return gogo;
	}

	@AfterEach
	void stopGogo() {
		gogo.close();
	}

	private static final String STOPPED = "os2: slow was stopped: its wall-time limit was reached (--timeout SECONDS gives a run"
			+ " longer)\n";

	@Test
	void aToolStoppedInTheMiddleOfALineHasItsReasonOnALineOfItsOwn() {
		GogoFixture gogo = run(kernel("tick 1\n", "still going", "wall-time"), "slow");

		assertEquals("tick 1\n", gogo.out());
		assertEquals("still going\n" + STOPPED, gogo.err());
	}

	@Test
	void anOpenLineOnStdoutIsEndedOnStderrWhereTheReasonGoes() {
		GogoFixture gogo = run(kernel("tick ", "", "wall-time"), "slow");

		assertEquals("tick ", gogo.out(), "stdout is as the tool left it");
		assertEquals("\n" + STOPPED, gogo.err());
	}

	@Test
	void aToolsFailureStartsALineToo() {
		GogoFixture gogo = run(kernel("", "half a line", "failure"), "slow");

		assertEquals("half a line\nos2: slow failed: java.lang.IllegalStateException: broken\n", gogo.err());
	}

	@Test
	void outputThatEndsALineOrNoReasonAfterItGetsNothingAdded() {
		GogoFixture stopped = run(kernel("", "last words\n", "wall-time"), "slow");
		assertEquals("last words\n" + STOPPED, stopped.err());
		stopped.close();

		GogoFixture exited = run(kernel("no newline", "nor here", "1"), "slow");
		assertEquals("no newline", exited.out());
		assertEquals("nor here", exited.err());
	}
}
