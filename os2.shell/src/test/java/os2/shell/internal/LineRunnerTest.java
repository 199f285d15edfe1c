package os2.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;

class LineRunnerTest {

	/** Commands shaped like OS2's: one returns a value, one prints, one fails. */
	public static final class Sample {
		@Descriptor("returns a value")
		public String answer() {
			return "42";
		}

		@Descriptor("prints a line")
		public void shout(String word) {
			System.out.println(word.toUpperCase());
		}

		@Descriptor("fails as a command")
		public void broken() {
			throw new IllegalStateException("the disk is full");
		}

		@Descriptor("cancels the line it runs in, as Ctrl-C or a client gone does meanwhile")
		public void ctrlc(CommandSession session) {
			((Cancellation) session.get(ToolCommand.CANCELLATION)).cancel("interrupted");
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
				.add("exit", new ExitCommand());
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
		LineRunner gone = new LineRunner(gogo.session, gogo.out, gogo.err, false, CommandRecorder.none(),
				name -> Optional.empty(), frontEnd);
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
}
