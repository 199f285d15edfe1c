package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandClass;
import os2.kernel.api.RunResult;
import os2.shell.internal.commands.ExitCommand;

class LineRunnerTest {

	/** Commands shaped like OS2's: one returns a value, one prints, one fails. */
	public static final class Sample {
		@Descriptor("returns a value")
		public String answer() {
			return "42";
		}

		@Descriptor("prints a line")
		public void shout(CommandSession session, String word) {
			FrontEnd.of(session).out().println(word.toUpperCase());
		}

		@Descriptor("fails as a command")
		public void broken() {
			throw new IllegalStateException("the disk is full");
		}

		@Descriptor("an administrator's command")
		public String give(String what) {
			return "given " + what;
		}

		@Descriptor("reads its input and writes it back in upper case")
		public void upper(CommandSession session) throws java.io.IOException {
			FrontEnd frontEnd = FrontEnd.of(session);
			frontEnd.out().print(new String(frontEnd.data().orElseThrow().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
					.toUpperCase());
		}

		@Descriptor("a tool's command: its words")
		public String tune(String[] words) {
			return "tuned " + String.join(" ", words);
		}

		@Descriptor("cancels the line it runs in, as Ctrl-C or a client gone does meanwhile")
		public void ctrlc(CommandSession session) {
			FrontEnd.of(session).line().cancel("interrupted");
		}
	}

	private GogoFixture gogo;
	private LineRunner runner;

	@BeforeEach
	void startGogo() {
		gogo = new GogoFixture()
				.add("answer", new Sample())
				.add("shout", new Sample())
				.add("broken", new Sample())
				.add("ctrlc", new Sample())
				.add(new ExitCommand())
				.add("give", new Sample(), CommandClass.ADMINISTRATOR)
				.add("upper", new Sample(), CommandClass.READ_ONLY)
				.add("keep", new Sample(), CommandClass.READ_ONLY, java.util.Map.of("give", CommandClass.ADMINISTRATOR))
				.addTool("tune", new Sample(), CommandClass.EFFECTFUL, java.util.Map.of("give", CommandClass.ADMINISTRATOR));
		runner = gogo.runner();
	}

	@AfterEach
	void stopGogo() {
		gogo.close();
	}

	@Test
	void printsTheResultOfEveryStatementNotOnlyTheLast() {
		LineRunner.Outcome outcome = runner.run("answer; shout hi; answer");

		assertEquals(new LineRunner.Outcome(0, false), outcome);
		assertEquals("42\nHI\n42\n", gogo.out());
		assertEquals("", gogo.err());
	}

	@Test
	void anUnknownCommandIsStatusTwoWithOneLine() {
		LineRunner.Outcome outcome = runner.run("nosuch");

		assertEquals(2, outcome.status());
		assertEquals("os2: unknown command 'nosuch'; 'help' lists the commands\n", gogo.err());
	}

	@Test
	void aFailingCommandIsStatusOneWithItsMessageAndNoTrace() {
		LineRunner.Outcome outcome = runner.run("broken");

		assertEquals(1, outcome.status());
		assertEquals("os2: the disk is full\n", gogo.err());
	}

	@Test
	void stopsAtTheFirstFailingStatement() {
		LineRunner.Outcome outcome = runner.run("answer; broken; shout never");

		assertEquals(1, outcome.status());
		assertEquals("42\n", gogo.out());
	}

	@Test
	void exitEndsWithItsStatusAndRunsNothingAfter() {
		LineRunner.Outcome outcome = runner.run("exit 3; shout never");

		assertEquals(new LineRunner.Outcome(3, true), outcome);
		assertEquals("", gogo.out());
		assertEquals("", gogo.err());
	}

	@Test
	void argumentsNoFormAcceptsAreAUsageError() {
		LineRunner.Outcome outcome = runner.run("shout a b c");

		assertEquals(2, outcome.status());
		assertEquals("os2: wrong arguments for 'shout'; 'help shout' shows its usage\n", gogo.err());
	}

	@Test
	void aLineCancelledWhileItRunsStopsAfterItsStatementWith130AndTheNextLineRuns() {
		LineRunner.Outcome cancelled = runner.run("shout one; ctrlc; shout never");
		LineRunner.Outcome next = runner.run("shout two");

		assertEquals(new LineRunner.Outcome(RunResult.INTERRUPTED, false), cancelled);
		assertEquals(new LineRunner.Outcome(0, false), next);
		assertEquals("ONE\nTWO\n", gogo.out());
	}

	@Test
	void onceItsFrontEndIsGoneNoLineStarts() {
		Cancellation frontEnd = new Cancellation();
		LineRunner gone = gogo.runner(FrontEnd.Role.AGENT, frontEnd);
		frontEnd.cancel("interrupted");

		assertEquals(RunResult.INTERRUPTED, gone.run("shout never").status());
		assertEquals("", gogo.out());
	}

	@Test
	void anUnparsableLineIsAUsageError() {
		LineRunner.Outcome outcome = runner.run("shout \"unterminated");

		assertEquals(2, outcome.status());
		assertEquals(1, gogo.err().lines().count(), gogo.err());
	}

	@Test
	void anAgentsLineWithAnAdministratorsCommandIsRefusedWholeBeforeAnythingRuns() {
		LineRunner.Outcome outcome = runner.run("shout first; give everything");

		assertEquals(2, outcome.status());
		assertEquals("", gogo.out(), "nothing of the line ran");
		assertEquals("os2: 'give' is an administrator's command, which an agent cannot run; the administrator runs it as"
				+ " ./os2 --admin -c 'give everything'\n", gogo.err());
	}

	// the kernel takes its run options out before the tool reads its subcommand: so does the check
	@Test
	void aToolsAdministratorsSubcommandIsRefusedBehindTheKernelsRunOptionsToo() {
		java.util.List<String> lines = java.util.List.of("tune give x", "tune --timeout 5 give x",
				"tune --deterministic --env=A=1 -- give x", "tune --token-budget=9 give x");
		for (String line : lines) {
			assertEquals(2, runner.run(line).status(), line);
		}

		assertEquals("", gogo.out(), "nothing of the lines ran");
		assertEquals(lines.size(), gogo.err().lines().filter(refusal -> refusal.startsWith(
				"os2: 'tune give' is an administrator's command, which an agent cannot run")).count(), gogo.err());
		assertEquals(0, runner.run("tune --timeout 5 other").status(), gogo.err()); // no subcommand declared apart
		assertEquals(0, runner.run("tune -- --timeout give").status(), gogo.err()); // after "--", "--timeout" is the tool's
	}

	@Test
	void theAdministratorRunsItAndFullGogoBeyondTheAgentLanguage() {
		LineRunner admin = gogo.runner(FrontEnd.Role.ADMINISTRATOR);

		assertEquals(0, admin.run("give everything").status());
		assertEquals(0, admin.run("x = hello; shout $x").status()); // Gogo's variables, and its echo of an assignment
		assertEquals("given everything\nhello\nHELLO\n", gogo.out());
	}

	@Test
	void anAgentsLineOutsideTheLanguageIsRefusedAndTheAdministratorsGoesToGogo() {
		LineRunner.Outcome refused = runner.run("shout (answer)");

		assertEquals(2, refused.status());
		assertTrue(gogo.err().startsWith("os2: refused: '(' (a closure or a method call) is not part of the agent language;"),
				gogo.err());
		assertEquals("", gogo.out());
		assertEquals(0, gogo.runner(FrontEnd.Role.ADMINISTRATOR).run("shout (answer)").status());
		assertEquals("42\n", gogo.out());
	}

	@Test
	void anAgentsVariablesAreItsOwnAndSubcommandsAreCheckedAsTheyRun() {
		assertEquals(0, runner.run("W=hello; shout $W").status());
		assertEquals("HELLO\n", gogo.out());

		LineRunner.Outcome sub = runner.run("S=give; keep $S");
		assertEquals(2, sub.status());
		assertTrue(gogo.err().contains("'keep give' is an administrator's command"), gogo.err());
	}

	@Test
	void aPipelineFeedsOneCommandsOutputToTheNext() {
		LineRunner.Outcome outcome = runner.run("answer | upper; shout done | upper");

		assertEquals(new LineRunner.Outcome(0, false), outcome);
		assertEquals("42\nDONE\n", gogo.out());
		assertEquals("", gogo.err());
	}
}
