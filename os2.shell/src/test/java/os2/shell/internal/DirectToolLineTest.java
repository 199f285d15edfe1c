package os2.shell.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import os2.kernel.api.Kernel;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;

/**
 * A plain tool line skips Gogo's evaluation and its pipeline thread, and the tool gets exactly the
 * words Gogo would have given it; a line Gogo reads differently still goes through Gogo. The kernel
 * is a stand-in that notes what it was asked and on which thread: the kernel is not under test.
 */
class DirectToolLineTest {

	private final List<RunRequest> requests = Collections.synchronizedList(new ArrayList<>());
	private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
	private GogoFixture gogo;
	private LineRunner runner;

	@BeforeEach
	void startGogo() {
		Kernel kernel = new Kernel() {
			@Override
			public RunResult run(RunRequest request, Output output) {
				requests.add(request);
				threads.add(Thread.currentThread());
				return RunResult.exited(request.arguments().contains("fail") ? 3 : 0);
			}

			@Override
			public Optional<String> hiddenTool(String name) {
				return Optional.empty();
			}
		};
		gogo = new GogoFixture().add("lines", new ToolCommand("lines", () -> kernel)).add("answer",
				new LineRunnerTest.Sample());
		gogo.session.put(ToolCommand.SESSION, "s-test");
		runner = gogo.runner();
	}

	@AfterEach
	void stopGogo() {
		gogo.close();
	}

	@Test
	void aPlainToolLineRunsOnTheCallersThreadWithItsWordsAsGogoWouldGiveThem() {
		String words = "042 1.50 true null -5 a,b user@host:8080 +1 .5 a.b/c_d-e http://127.0.0.1:9/x";

		LineRunner.Outcome outcome = runner.run("lines  " + words + " ");

		assertAll(() -> assertEquals(new LineRunner.Outcome(0, false), outcome),
				() -> assertEquals(List.of(words.split(" ")), requests.getFirst().arguments()),
				() -> assertEquals("lines " + words, requests.getFirst().commandLine()),
				() -> assertEquals(Thread.currentThread(), threads.getFirst()));
	}

	@Test
	void whatGogoWouldReadDifferentlyGoesThroughGogo() {
		runner.run("lines \"two words\" $SCOPE");

		assertAll(() -> assertEquals(List.of("two words", "os2:*"), requests.getFirst().arguments()),
				() -> assertNotEquals(Thread.currentThread(), threads.getFirst()));
	}

	@Test
	void aToolsFailureAndOtherCommandsAreAsThroughGogo() {
		LineRunner.Outcome failed = runner.run("lines fail");
		LineRunner.Outcome answered = runner.run("answer");

		assertAll(() -> assertEquals(new LineRunner.Outcome(3, false), failed), () -> assertEquals("42\n", gogo.out()),
				() -> assertEquals(1, requests.size()));
	}
}
