package os2.shell.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatusLineTest {

	private static final String ERASE = "\r\033[K";

	private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
	private final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);

	private String screen() {
		return screen.toString(StandardCharsets.UTF_8);
	}

	private static void write(StatusLine line, PrintStream target, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		line.write(target, bytes, 0, bytes.length);
	}

	@Test
	void aLiveStatusIsRedrawnInPlaceAndErasedBeforeOutput() {
		LiveStatusLine line = new LiveStatusLine(terminal, () -> 80);
		line.show("Receiving objects:  10% (1/10)");
		line.show("Receiving objects:  50% (5/10)");
		write(line, terminal, "Receiving objects: 100% (10/10), done.\n");
		line.show("Resolving deltas:  20% (1/5)");
		line.show("");

		assertEquals("\rReceiving objects:  10% (1/10)\033[K" + "\rReceiving objects:  50% (5/10)\033[K" + ERASE
				+ "Receiving objects: 100% (10/10), done.\n" + "\rResolving deltas:  20% (1/5)\033[K" + ERASE, screen());
	}

	@Test
	void aLiveStatusIsCutToTheTerminalsWidthSoItNeverWraps() {
		LiveStatusLine line = new LiveStatusLine(terminal, () -> 10);
		line.show("Checking out files:  99% (99/100)");

		assertEquals("\rChecking \033[K", screen());
	}

	@Test
	void noLiveStatusOverOutputThatDidNotEndItsLine() {
		LiveStatusLine line = new LiveStatusLine(terminal, () -> 80);
		write(line, terminal, "Password-less prompt: ");
		line.show("Counting objects: 3");
		write(line, terminal, "done\n");
		line.show("Counting objects: 4");

		assertEquals("Password-less prompt: done\n\rCounting objects: 4\033[K", screen());
	}

	@Test
	void outputToAnotherStreamAlsoErasesTheStatusFirst() {
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		PrintStream stdout = new PrintStream(file, true, StandardCharsets.UTF_8);
		LiveStatusLine line = new LiveStatusLine(terminal, () -> 0);
		line.show("Receiving objects:  50% (5/10)");
		write(line, stdout, "a line of output\n");

		assertEquals("\rReceiving objects:  50% (5/10)\033[K" + ERASE, screen());
		assertEquals("a line of output\n", file.toString(StandardCharsets.UTF_8));
	}

	@Test
	void elsewhereAStatusIsALineASecondAtMostTheFirstASecondIn() {
		AtomicLong now = new AtomicLong(0);
		PeriodicStatusLine line = new PeriodicStatusLine(terminal, now::get);
		line.show("Receiving objects:   1% (1/100)"); // progress begins: nothing yet
		now.set(TimeUnit.MILLISECONDS.toNanos(900));
		line.show("Receiving objects:  30% (30/100)");
		now.set(TimeUnit.MILLISECONDS.toNanos(1000));
		line.show("Receiving objects:  40% (40/100)");
		now.set(TimeUnit.MILLISECONDS.toNanos(1500));
		line.show("Receiving objects:  60% (60/100)");
		now.set(TimeUnit.MILLISECONDS.toNanos(2100));
		line.show("Receiving objects:  90% (90/100)");
		line.show(""); // the run ended: the next progress begins afresh
		now.set(TimeUnit.MILLISECONDS.toNanos(5000));
		line.show("Resolving deltas:  10% (1/10)");

		assertEquals("Receiving objects:  40% (40/100)\nReceiving objects:  90% (90/100)\n", screen());
	}
}
