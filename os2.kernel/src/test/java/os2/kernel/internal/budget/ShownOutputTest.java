package os2.kernel.internal.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import os2.kernel.api.Budget;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output.Stream;

class ShownOutputTest {

	private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
	private static final TokenCounter COUNTER = new TokenCounter();

	/** The marker line as the brief spells it: U+2026 and U+2014, written here as characters. */
	private static final Pattern MARKER = Pattern
			.compile("\\[… ~?(\\d+) tokens elided — full output: transcript (\\S+) …]\n");

	private static int tokens(String text) {
		return O200K.countTokensOrdinary(text);
	}

	private static String marker(long elided, String runId) {
		return "[… " + elided + " tokens elided — full output: transcript " + runId + " …]\n";
	}

	private static void write(ShownOutput output, Stream stream, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		output.write(stream, bytes, 0, bytes.length);
	}

	/** Varied prose, so tokens are not all alike. */
	private static String lines(int count) {
		StringBuilder text = new StringBuilder();
		for (int i = 1; i <= count; i++) {
			text.append("step ").append(i).append(": compiled module-").append(i * 7919 % 1000)
					.append(" in ").append(i % 13).append(".").append(i % 97).append("s, warnings=").append(i % 5)
					.append('\n');
		}
		return text.toString();
	}

	@Test
	void markerUsesEllipsisAndEmDash() {
		String marker = ShownOutput.elisionMarker(7, "r1");

		assertEquals(0x2026, marker.codePointAt(1));
		assertTrue(marker.contains(" \u2014 "));
		assertEquals(marker(7, "r1"), marker + "\n");
	}

	@Test
	void outputWithinTheBudgetPassesThroughByteForByte() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 200, COUNTER);
		List<String> chunks = List.of("Compiling…\n", "warning: ünused variable `x`\n", "😀 done in 1.2s\n",
				"exit status 0\n", "and a last line without newline");
		ByteArrayOutputStream sent = new ByteArrayOutputStream();
		long expectedTokens = 0;
		for (String chunk : chunks) {
			write(output, Stream.STDOUT, chunk);
			sent.writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
			expectedTokens += tokens(chunk);
		}

		ShownOutput.Shown shown = output.finish("run-1");

		assertArrayEquals(sent.toByteArray(), seen.bytes());
		assertFalse(shown.truncated());
		assertEquals(expectedTokens, shown.tokensTotal());
		assertEquals(expectedTokens, shown.tokensShown());
		assertEquals(expectedTokens, output.tokensTotal());
	}

	@Test
	void outputPastTheHeadButWithinTheBudgetIsShownWhole() {
		String text = lines(12);
		int budget = tokens(text) + 10;
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, budget, COUNTER);

		write(output, Stream.STDOUT, text);
		ShownOutput.Shown shown = output.finish("run-2");

		assertEquals(text, seen.text());
		assertFalse(shown.truncated());
		assertEquals(tokens(text), shown.tokensTotal());
		assertEquals(tokens(text), shown.tokensShown());
	}

	@Test
	void outputOverTheBudgetShowsHeadMarkerAndTail() {
		String full = lines(400);
		int budget = 200;
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, budget, COUNTER);

		write(output, Stream.STDOUT, full);
		ShownOutput.Shown shown = output.finish("run-42");

		String text = seen.text();
		Matcher marker = MARKER.matcher(text);
		assertTrue(marker.find(), text);
		String head = text.substring(0, marker.start());
		String tail = text.substring(marker.end());
		long elided = Long.parseLong(marker.group(1));

		assertTrue(shown.truncated());
		assertEquals(tokens(full), shown.tokensTotal());
		assertTrue(full.startsWith(head), head);
		assertTrue(tokens(head) <= budget - budget / 2, "head of " + tokens(head) + " tokens");
		assertEquals(marker(shown.tokensTotal() - shown.tokensShown(), "run-42"), marker.group());
		assertTrue(full.endsWith(tail), tail);
		assertFalse(tail.isEmpty());
		// Written in one chunk, the counts are exact.
		assertEquals(tokens(head) + tokens(tail), shown.tokensShown());
		assertEquals(shown.tokensTotal(), shown.tokensShown() + elided);
		assertTrue(shown.tokensShown() <= budget);
	}

	@Test
	void pastAQuarterMegabyteHeldTheTotalIsEstimatedCloseToTheExactCountAndSaysSo() {
		String full = lines(40_000); // ~2 MB
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 200, COUNTER);
		for (int at = 0; at < full.length(); at += 8192) {
			write(output, Stream.STDOUT, full.substring(at, Math.min(full.length(), at + 8192)));
		}
		ShownOutput.Shown shown = output.finish("run-7");

		String text = seen.text();
		Matcher marker = Pattern.compile("\\[… ~(\\d+) tokens elided — full output: transcript run-7 …]\n").matcher(text);
		assertTrue(marker.find(), text.substring(0, Math.min(text.length(), 2000)));
		assertTrue(shown.estimated());
		long exact = tokens(full);
		assertTrue(Math.abs(shown.tokensTotal() - exact) < exact / 50, "estimated " + shown.tokensTotal() + ", exactly " + exact);
		assertEquals(shown.tokensTotal(), shown.tokensShown() + Long.parseLong(marker.group(1)));
		assertTrue(full.endsWith(text.substring(marker.end())));
	}

	@Test
	void tenThousandLinesShowTheFirstAndLastLinesWithinTheBudget() {
		int budget = 800;
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, budget, COUNTER);
		for (int i = 1; i <= 10_000; i++) {
			write(output, Stream.STDOUT, "line " + i + "\n");
		}

		ShownOutput.Shown shown = output.finish("r-10k");

		String text = seen.text();
		Matcher marker = MARKER.matcher(text);
		assertTrue(marker.find(), text);
		assertTrue(text.startsWith("line 1\n"), text);
		assertTrue(text.endsWith("line 10000\n"), text);
		assertEquals("r-10k", marker.group(2));
		assertTrue(tokens(text) <= budget + tokens(marker.group()), tokens(text) + " tokens shown");
		assertTrue(shown.truncated());
		assertEquals(shown.tokensTotal(), shown.tokensShown() + Long.parseLong(marker.group(1)));
	}

	@Test
	void endlessProducerKeepsMemoryBounded() {
		long budget = Budget.DEFAULT.tokens();
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, budget, COUNTER);
		byte[] chunk = new byte[8 * 1024];
		long line = 0;
		String lastLine = "";
		StringBuilder pending = new StringBuilder();
		int maxHeld = 0;
		for (long written = 0; written < 50L << 20; written += chunk.length) {
			while (pending.length() < chunk.length) {
				lastLine = "producer line " + ++line + " says nothing new\n";
				pending.append(lastLine);
			}
			// ASCII: one byte a char.
			for (int i = 0; i < chunk.length; i++) {
				chunk[i] = (byte) pending.charAt(i);
			}
			pending.delete(0, chunk.length);
			output.write(Stream.STDOUT, chunk, 0, chunk.length);

			assertTrue(output.heldTailChars() <= output.heldTailCharLimit());
			maxHeld = Math.max(maxHeld, output.heldTailChars());
		}
		String rest = pending.toString();
		write(output, Stream.STDOUT, rest);

		ShownOutput.Shown shown = output.finish("endless");

		// "A few times the tail budget": at most 16 chars per token of the whole budget.
		assertTrue(maxHeld > 0 && maxHeld <= 16 * budget, maxHeld + " chars held");
		String text = seen.text();
		assertTrue(shown.truncated());
		assertTrue(text.endsWith(lastLine), text);
		assertTrue(MARKER.matcher(text).find(), text);
		assertTrue(tokens(text) <= budget + 40, tokens(text) + " tokens shown");
	}

	private static final String TRACEBACK = """
			Traceback (most recent call last):
			  File "/work/app.py", line 3, in <module>
			    print(1 / 0)
			          ~~^~~
			ZeroDivisionError: division by zero
			""";

	/**
	 * A python program that prints a lot and then fails: its stdout is a pipe, so python buffers
	 * it and writes the last buffer at exit, after the traceback, and the two streams come in
	 * whatever order the kernel's readers take them.
	 */
	private static ShownOutput.Shown pythonFailing(ShownOutput output, boolean stdoutFlushedLast) {
		String printed = lines(600);
		int flushedAtExit = printed.length() - 4096;
		write(output, Stream.STDOUT, printed.substring(0, flushedAtExit));
		if (!stdoutFlushedLast) {
			write(output, Stream.STDOUT, printed.substring(flushedAtExit));
		}
		write(output, Stream.STDERR, TRACEBACK);
		if (stdoutFlushedLast) {
			write(output, Stream.STDOUT, printed.substring(flushedAtExit));
		}
		return output.finish("py");
	}

	@Test
	void theLastStderrLineIsShownEvenWhenStdoutCameAfterIt() {
		for (boolean stdoutLast : List.of(false, true)) {
			RecordingOutput seen = new RecordingOutput();
			ShownOutput.Shown shown = pythonFailing(new ShownOutput(seen, 120, COUNTER), stdoutLast);

			assertTrue(shown.truncated());
			assertTrue(seen.text(Stream.STDERR).endsWith("ZeroDivisionError: division by zero\n"),
					"stdout last: " + stdoutLast + "\n" + seen.text());
			assertTrue(seen.text().endsWith("ZeroDivisionError: division by zero\n"), seen.text());
			assertEquals(1, count(seen.text(), "ZeroDivisionError"), seen.text());
		}
	}

	@Test
	void aLastStderrLineMovedAfterTheTailKeepsTheBudgetAndTheCounts() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput.Shown shown = pythonFailing(new ShownOutput(seen, 120, COUNTER), true);

		String text = seen.text();
		Matcher marker = MARKER.matcher(text);
		assertTrue(marker.find(), text);
		String tail = text.substring(marker.end());
		String stdoutTail = tail.substring(0, tail.length() - "ZeroDivisionError: division by zero\n".length());
		assertTrue(lines(600).endsWith(stdoutTail), stdoutTail);
		assertFalse(stdoutTail.isEmpty(), "the rest of the tail's budget still shows the end of stdout");
		assertEquals(shown.tokensTotal(), shown.tokensShown() + Long.parseLong(marker.group(1)));
		assertTrue(shown.tokensShown() <= 120, shown.tokensShown() + " tokens shown");
		assertEquals(tokens(text.substring(0, marker.start())) + tokens(stdoutTail)
				+ tokens("ZeroDivisionError: division by zero\n"), shown.tokensShown());
	}

	@Test
	void theSameOutputShowsTheSameBytes() {
		RecordingOutput first = new RecordingOutput();
		RecordingOutput second = new RecordingOutput();

		ShownOutput.Shown one = pythonFailing(new ShownOutput(first, 120, COUNTER), true);
		ShownOutput.Shown two = pythonFailing(new ShownOutput(second, 120, COUNTER), true);

		assertArrayEquals(first.bytes(), second.bytes());
		assertArrayEquals(first.bytes(Stream.STDERR), second.bytes(Stream.STDERR));
		assertEquals(one, two);
	}

	@Test
	void aLastStderrLineLongerThanTheTailIsShownFromItsStart() {
		String error = "error: could not compile `app` because "
				+ "the value borrowed here does not live long enough and is dropped while still in use ".repeat(3).strip()
				+ "\n";
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 40, COUNTER);
		write(output, Stream.STDOUT, lines(50));
		write(output, Stream.STDERR, error);

		ShownOutput.Shown shown = output.finish("long");

		assertTrue(tokens(error) > 20 && tokens(error) <= ShownOutput.LAST_ERROR_TOKENS, tokens(error) + " tokens");
		assertTrue(seen.text(Stream.STDERR).endsWith(error), seen.text());
		assertEquals(1, count(seen.text(), "error: could not compile"), seen.text());
		assertEquals(shown.tokensTotal(), shown.tokensShown() + Long.parseLong(matched(seen.text()).group(1)));
	}

	@Test
	void evenABudgetOfOneTokenShowsTheLastStderrLine() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 1, COUNTER);
		write(output, Stream.STDOUT, lines(20));
		write(output, Stream.STDERR, "fatal: not a git repository\n");

		ShownOutput.Shown shown = output.finish("tiny");

		assertEquals("fatal: not a git repository\n", seen.text(Stream.STDERR));
		assertTrue(seen.text().endsWith("fatal: not a git repository\n"), seen.text());
		assertTrue(shown.truncated());
	}

	@Test
	void theLastStderrLineStartsALineOfItsOwnOnStderrAfterALineTheHeadCut() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 20, COUNTER);
		write(output, Stream.STDERR, "os2: making a virtual environment for this workspace in /tmp/home/tools/venvs/a1b2c3\n");
		write(output, Stream.STDOUT, lines(40));
		write(output, Stream.STDERR, "ZeroDivisionError: division by zero\n");
		write(output, Stream.STDOUT, lines(40));

		output.finish("cut");

		String stderr = seen.text(Stream.STDERR);
		assertTrue(stderr.endsWith("\nZeroDivisionError: division by zero\n"), stderr);
		assertFalse(stderr.startsWith("os2: making a virtual environment for this workspace in /tmp/home/tools/venvs/a1b2c3\n"),
				"the head cut the first line: " + stderr);
		assertTrue(seen.text().endsWith("\nZeroDivisionError: division by zero\n"), seen.text());
	}

	@Test
	void aLastStderrLineCutOffByTheEndOfTheRunIsEndedAsALine() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 20, COUNTER);
		write(output, Stream.STDOUT, lines(40));
		write(output, Stream.STDERR, "still going");
		write(output, Stream.STDOUT, lines(40));

		output.finish("killed");

		assertEquals("still going\n", seen.text(Stream.STDERR));
		assertTrue(seen.text().endsWith("\nstill going\n"), seen.text());
	}

	@Test
	void blankLinesAfterTheLastStderrLineDoNotHideIt() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 30, COUNTER);
		write(output, Stream.STDERR, "Error: Cannot find module 'left-pad'\n");
		write(output, Stream.STDOUT, lines(40));
		write(output, Stream.STDERR, "\n  \n");

		output.finish("blank");

		assertTrue(seen.text(Stream.STDERR).contains("Error: Cannot find module 'left-pad'\n"), seen.text());
	}

	@Test
	void aStderrLineTheHeadShowedIsNotShownAgain() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 60, COUNTER);
		write(output, Stream.STDERR, "warning: using the default configuration\n");
		write(output, Stream.STDOUT, lines(100));

		assertTrue(output.finish("head").truncated());

		assertEquals("warning: using the default configuration\n", seen.text(Stream.STDERR));
		assertTrue(lines(100).endsWith(seen.text().substring(matched(seen.text()).end())), "the tail is stdout's end");
	}

	@Test
	void aLastStderrLineElidedInTheMiddleIsShownAtTheEnd() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 60, COUNTER);
		write(output, Stream.STDOUT, lines(100));
		write(output, Stream.STDERR, "warning: disk almost full\n");
		write(output, Stream.STDOUT, lines(100));

		output.finish("middle");

		assertEquals("warning: disk almost full\n", seen.text(Stream.STDERR));
		assertTrue(seen.text().endsWith("warning: disk almost full\n"), seen.text());
	}

	@Test
	void aHugeLastStderrLineShowsOnlyItsBeginningBeyondTheBudget() {
		StringBuilder line = new StringBuilder("panic: unexpected value");
		for (int i = 0; line.length() < 200_000; i++) {
			line.append(" field").append(i).append('=').append(i * 31 % 977);
		}
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 10, COUNTER);
		write(output, Stream.STDOUT, lines(30));
		for (int at = 0; at < line.length(); at += 8192) {
			write(output, Stream.STDERR, line.substring(at, Math.min(line.length(), at + 8192)));
		}

		ShownOutput.Shown shown = output.finish("huge");

		String shownError = seen.text(Stream.STDERR);
		assertTrue(shownError.startsWith("panic: unexpected value field0=0"), shownError);
		assertTrue(shownError.endsWith("\n") && shownError.indexOf('\n') == shownError.length() - 1, "ended as a line");
		String cut = shownError.substring(0, shownError.length() - 1); // the newline ending it is layout, as the marker's
		assertTrue(tokens(cut) <= ShownOutput.LAST_ERROR_TOKENS, tokens(cut) + " tokens of stderr");
		assertTrue(shown.tokensShown() <= 10 + ShownOutput.LAST_ERROR_TOKENS, shown.tokensShown() + " tokens shown");
		assertTrue(shown.truncated());
	}

	@Test
	void outputWithTheLastStderrLineInTheTailIsShownAsItCame() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 120, COUNTER);
		String printed = lines(600);
		write(output, Stream.STDOUT, printed);
		write(output, Stream.STDERR, TRACEBACK);

		output.finish("in-order");

		String tail = seen.text().substring(matched(seen.text()).end());
		assertTrue((printed + TRACEBACK).endsWith(tail), tail);
		assertTrue(TRACEBACK.endsWith(seen.text(Stream.STDERR)), seen.text(Stream.STDERR));
	}

	private static Matcher matched(String text) {
		Matcher marker = MARKER.matcher(text);
		assertTrue(marker.find(), text);
		return marker;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	@Test
	void utf8SplitAcrossChunksDecodes() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 1000, COUNTER);
		byte[] cafe = "café\n".getBytes(StandardCharsets.UTF_8);
		byte[] emoji = "smile 😀 done\n".getBytes(StandardCharsets.UTF_8);
		int emojiAt = "smile ".length();

		// Inside é, with stderr written between the two halves.
		output.write(Stream.STDOUT, cafe, 0, 4);
		write(output, Stream.STDERR, "between\n");
		output.write(Stream.STDOUT, cafe, 4, cafe.length - 4);
		// Inside the emoji's four bytes: after one, after two and after three of them.
		output.write(Stream.STDOUT, emoji, 0, emojiAt + 1);
		output.write(Stream.STDOUT, emoji, emojiAt + 1, 1);
		output.write(Stream.STDOUT, emoji, emojiAt + 2, 1);
		output.write(Stream.STDOUT, emoji, emojiAt + 3, emoji.length - emojiAt - 3);
		ShownOutput.Shown shown = output.finish("utf8");

		assertEquals("café\nsmile 😀 done\n", seen.text(Stream.STDOUT));
		assertEquals("between\n", seen.text(Stream.STDERR));
		assertFalse(seen.text().contains("\uFFFD"));
		assertFalse(shown.truncated());
	}

	@Test
	void aCharacterCutOffAtTheEndIsShownAsReplacement() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 1000, COUNTER);
		byte[] cafe = "café".getBytes(StandardCharsets.UTF_8);

		output.write(Stream.STDOUT, cafe, 0, cafe.length - 1);
		output.finish("cut");

		assertEquals("caf\uFFFD", seen.text());
	}

	@Test
	void streamsAndOrderArePreservedInHeadAndTail() {
		List<Stream> streams = new ArrayList<>();
		List<String> lines = new ArrayList<>();
		for (int i = 1; i <= 300; i++) {
			Stream stream = i % 3 == 0 ? Stream.STDERR : Stream.STDOUT;
			streams.add(stream);
			lines.add((stream == Stream.STDERR ? "error " : "output ") + i + "\n");
		}
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 120, COUNTER);
		for (int i = 0; i < lines.size(); i++) {
			write(output, streams.get(i), lines.get(i));
		}

		assertTrue(output.finish("order").truncated());

		// Compare char by char, each char with its stream: the head is a prefix of what was written,
		// the tail a suffix, both on the right streams.
		StringBuilder sentTagged = new StringBuilder();
		for (int i = 0; i < lines.size(); i++) {
			sentTagged.append(tagged(streams.get(i), lines.get(i)));
		}
		StringBuilder seenTagged = new StringBuilder();
		for (RecordingOutput.Write write : seen.writes()) {
			seenTagged.append(tagged(write.stream(), write.text()));
		}
		Matcher marker = MARKER.matcher(seen.text());
		assertTrue(marker.find());
		String markerTagged = tagged(Stream.STDOUT, marker.group());
		int at = seenTagged.indexOf(markerTagged);
		assertTrue(at > 0, "the marker is on stdout");
		String head = seenTagged.substring(0, at);
		String tail = seenTagged.substring(at + markerTagged.length());

		assertTrue(sentTagged.toString().startsWith(head), head);
		assertTrue(sentTagged.toString().endsWith(tail), tail);
		assertTrue(head.contains("E") && tail.contains("E"), "stderr in head and tail");
		assertTrue(head.contains("O") && tail.contains("O"), "stdout in head and tail");
	}

	/** Each char preceded by O (stdout) or E (stderr). */
	private static String tagged(Stream stream, String text) {
		StringBuilder tagged = new StringBuilder();
		text.chars().forEach(c -> tagged.append(stream == Stream.STDOUT ? 'O' : 'E').append((char) c));
		return tagged.toString();
	}

	@Test
	void twoWritingThreadsKeepEachStreamWhole() throws Exception {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 100_000, COUNTER);
		CountDownLatch start = new CountDownLatch(1);
		StringBuilder out = new StringBuilder();
		StringBuilder err = new StringBuilder();
		for (int i = 0; i < 2000; i++) {
			out.append("out ").append(i).append(" ü\n");
			err.append("err ").append(i).append(" 😀\n");
		}
		Thread stdout = Thread.ofPlatform().start(() -> writeInSmallChunks(output, Stream.STDOUT, out.toString(), start));
		Thread stderr = Thread.ofPlatform().start(() -> writeInSmallChunks(output, Stream.STDERR, err.toString(), start));
		start.countDown();
		stdout.join();
		stderr.join();

		assertFalse(output.finish("threads").truncated());
		assertEquals(out.toString(), seen.text(Stream.STDOUT));
		assertEquals(err.toString(), seen.text(Stream.STDERR));
	}

	/** Chunks of 7 bytes: many cut a character apart. */
	private static void writeInSmallChunks(ShownOutput output, Stream stream, String text, CountDownLatch start) {
		try {
			start.await();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i += 7) {
			output.write(stream, bytes, i, Math.min(7, bytes.length - i));
		}
	}

	@Test
	void finishingTwiceShowsNothingMore() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 50, COUNTER);
		write(output, Stream.STDOUT, lines(100));

		ShownOutput.Shown first = output.finish("twice");
		int writes = seen.writes().size();
		write(output, Stream.STDOUT, "late line from a lingering thread\n");

		assertSame(first, output.finish("twice"));
		assertEquals(writes, seen.writes().size());
	}

	@Test
	void budgetMustBePositive() {
		assertThrows(KernelException.class, () -> new ShownOutput(new RecordingOutput(), 0, COUNTER));
	}

	@Test
	void progressIsPassedOnWithoutCostingTokensAndTakenAwayAtTheEnd() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 20, COUNTER);
		write(output, Stream.STDOUT, lines(40)); // far over the budget: the rest is held for the tail
		output.progress("Receiving objects:  45% (450/1000)");
		output.progress("Receiving objects: 100% (1000/1000)");

		ShownOutput.Shown shown = output.finish("r1");
		output.progress("too late");

		assertEquals(List.of("Receiving objects:  45% (450/1000)", "Receiving objects: 100% (1000/1000)", ""),
				seen.progress());
		assertEquals(tokens(lines(40)), shown.tokensTotal(), "progress is not counted as output");
		assertFalse(seen.text().contains("Receiving"), "progress is not written as output");
	}

	@Test
	void noProgressMeansNothingToTakeAway() {
		RecordingOutput seen = new RecordingOutput();
		ShownOutput output = new ShownOutput(seen, 200, COUNTER);
		write(output, Stream.STDOUT, "done\n");
		output.finish("r1");

		assertEquals(List.of(), seen.progress());
	}
}
