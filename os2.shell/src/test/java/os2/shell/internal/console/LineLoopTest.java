package os2.shell.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import os2.shell.internal.commands.ExitCommand;
import os2.shell.internal.console.LineLoop.OnFailure;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.GogoFixture;

/** One loop for the three front ends: what a failing line, {@code exit} and a blank line do to the rest. */
class LineLoopTest {

	/** A command that prints, and one that fails. */
	public static final class Sample {
		@Descriptor("prints a word")
		public void say(CommandSession session, String word) {
			FrontEnd.of(session).out().println(word);
		}

		@Descriptor("fails as a command")
		public void broken() {
			throw new IllegalStateException("the disk is full");
		}
	}

	private final GogoFixture gogo = new GogoFixture().add("say", new Sample()).add("broken", new Sample())
			.add(new ExitCommand());

	@AfterEach
	void stopGogo() {
		gogo.close();
	}

	private int run(OnFailure onFailure, String... lines) {
		return LineLoop.run(LineSource.of(List.of(lines)), gogo.runner(), onFailure);
	}

	@Test
	void dashCLinesStopAtTheFirstThatFailsWithItsStatus() {
		assertEquals(1, run(OnFailure.STOP, "say one", "broken", "say never"));

		assertEquals("one\n", gogo.out());
		assertEquals("os2: the disk is full\n", gogo.err());
	}

	@Test
	void aScriptOrAPersonGoesOnAfterALineThatFailsAndEndsWithTheLastLinesStatus() {
		assertEquals(0, run(OnFailure.CONTINUE, "broken", "say two"));
		assertEquals(1, run(OnFailure.CONTINUE, "say three", "broken"));

		assertEquals("two\nthree\n", gogo.out());
	}

	@Test
	void exitEndsTheLinesEitherWayWithItsStatus() {
		assertEquals(3, run(OnFailure.STOP, "say one", "exit 3", "say never"));
		assertEquals(4, run(OnFailure.CONTINUE, "broken", "exit 4", "say never"));

		assertEquals("one\n", gogo.out());
	}

	@Test
	void noLinesIsStatusZero() {
		assertEquals(0, run(OnFailure.STOP));
	}

	@Test
	void blankLinesAreLeftOutOfAScriptButADashCLineIsRunAsGiven() {
		List<String> lines = List.of("say a", " ", "", "say b");

		assertEquals(lines, all(LineSource.of(lines)));
		assertEquals(List.of("say a", "say b"), all(LineSource.of(lines).withoutBlankLines()));
	}

	private static List<String> all(LineSource lines) {
		List<String> all = new ArrayList<>();
		for (String line = lines.next(); line != null; line = lines.next()) {
			all.add(line);
		}
		return all;
	}
}
