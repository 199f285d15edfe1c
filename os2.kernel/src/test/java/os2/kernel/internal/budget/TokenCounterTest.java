package os2.kernel.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import os2.kernel.api.KernelException;

class TokenCounterTest {

	private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
	private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

	@Test
	void countsHelloWorldAsJTokkitsO200kBaseDoes() {
		TokenCounter counter = new TokenCounter();

		assertEquals("o200k_base", counter.encodingName());
		assertEquals(O200K.countTokens("hello world"), counter.count("hello world"));
	}

	@Test
	void countsWithCl100kBaseWhenAskedTo() {
		String text = "The quick brown fox jumps over the lazy dog; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and tabs\t\there.";
		TokenCounter counter = new TokenCounter("cl100k_base");

		assertEquals("cl100k_base", counter.encodingName());
		assertEquals(CL100K.countTokens(text), counter.count(text));
	}

	@Test
	void unknownEncodingIsAKernelExceptionNamingTheKnownOnes() {
		KernelException e = assertThrows(KernelException.class, () -> new TokenCounter("p50k_base"));

		assertTrue(e.getMessage().contains("'p50k_base'"), e.getMessage());
		assertTrue(e.getMessage().contains("o200k_base"), e.getMessage());
		assertTrue(e.getMessage().contains("cl100k_base"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"), e.getMessage());
	}

	@Test
	void countsSpecialTokensAsOrdinaryText() {
		String text = "a <|endoftext|> b";

		assertEquals(O200K.countTokensOrdinary(text), new TokenCounter().count(text));
	}

	@Test
	void emptyTextIsNoTokens() {
		assertEquals(0, new TokenCounter().count(""));
	}

	@Test
	void countsTheSameFromManyThreads() throws Exception {
		String text = "line of output with some words in it\n".repeat(200);
		int expected = O200K.countTokens(text);
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			List<Future<Integer>> counts = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				counts.add(threads.submit(() -> new TokenCounter().count(text)));
			}
			for (Future<Integer> count : counts) {
				assertEquals(expected, count.get());
			}
		}
	}

	@Test
	void fittingPrefixIsAPrefixWithinTheLimit() {
		TokenCounter counter = new TokenCounter();
		String text = "Héllo wörld, this is 😀 text with emoji 😀😀 and more words after them. ".repeat(20);
		for (int max = 0; max <= 60; max += 7) {
			int length = counter.fittingPrefixLength(text, max);
			String prefix = text.substring(0, length);

			assertTrue(O200K.countTokensOrdinary(prefix) <= max, "prefix of " + max + ": " + prefix);
			assertTrue(max == 0 || length > 0);
			assertFalse(length > 0 && Character.isHighSurrogate(text.charAt(length - 1)));
		}
		assertEquals(text.length(), counter.fittingPrefixLength(text, O200K.countTokens(text)));
	}

	@Test
	void fittingSuffixIsASuffixWithinTheLimit() {
		TokenCounter counter = new TokenCounter();
		String text = "Héllo wörld, this is 😀 text with emoji 😀😀 and more words after them. ".repeat(20);
		for (int max = 0; max <= 60; max += 7) {
			int start = counter.fittingSuffixStart(text, max);
			String suffix = text.substring(start);

			assertTrue(O200K.countTokensOrdinary(suffix) <= max, "suffix of " + max + ": " + suffix);
			assertTrue(max == 0 || start < text.length());
			assertFalse(start < text.length() && Character.isLowSurrogate(text.charAt(start)));
		}
		assertEquals(0, counter.fittingSuffixStart(text, O200K.countTokens(text)));
	}
}
