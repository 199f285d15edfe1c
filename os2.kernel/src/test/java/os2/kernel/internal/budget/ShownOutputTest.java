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
