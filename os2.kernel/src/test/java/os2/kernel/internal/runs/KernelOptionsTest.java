package os2.kernel.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import os2.kernel.api.Kernel;
import os2.kernel.api.UsageError;

/** The kernel's own options come first and stop at the tool's first argument. */
class KernelOptionsTest {

	@Test
	void theSeedsCommandLineGivesTheScriptItsArguments() {
		KernelOptions options = KernelOptions.parse("python", List.of("--token-budget", "800", "app.py"));
		assertEquals(800, options.tokens());
		assertEquals(List.of("app.py"), options.toolArguments());
		assertFalse(options.deterministic());
	}

	@Test
	void optionsAfterTheFirstToolArgumentBelongToTheTool() {
		KernelOptions options = KernelOptions.parse("python",
				List.of("--deterministic", "--timeout=3", "app.py", "--timeout", "9", "--token-budget", "5"));
		assertTrue(options.deterministic());
		assertEquals(Duration.ofSeconds(3), options.timeout());
		assertEquals(0, options.tokens());
		assertEquals(List.of("app.py", "--timeout", "9", "--token-budget", "5"), options.toolArguments());
	}

	@Test
	void doubleDashEndsTheKernelsOptions() {
		KernelOptions options = KernelOptions.parse("python", List.of("--", "--deterministic"));
		assertFalse(options.deterministic());
		assertEquals(List.of("--deterministic"), options.toolArguments());
	}

	@Test
	void badValuesAreUsageErrorsNamingTheTool() {
		assertEquals("python: --token-budget takes a whole number above 0, not 'lots'",
				assertThrows(UsageError.class, () -> KernelOptions.parse("python", List.of("--token-budget", "lots")))
						.getMessage());
		assertEquals("python: --timeout takes a whole number above 0, not '0'",
				assertThrows(UsageError.class, () -> KernelOptions.parse("python", List.of("--timeout=0"))).getMessage());
		assertTrue(assertThrows(UsageError.class, () -> KernelOptions.parse("git", List.of("--token-budget"))).getMessage()
				.startsWith("git: --token-budget needs a value"));
	}

	@Test
	void envGivesTheRunVariablesInOrderAndAValueMayHoldEqualsSigns() {
		KernelOptions options = KernelOptions.parse("python",
				List.of("--env", "B=2", "--env=A=x=y", "--env", "EMPTY=", "--token-budget", "9", "app.py"));
		assertEquals(List.of("B", "A", "EMPTY"), List.copyOf(options.environment().keySet()));
		assertEquals(Map.of("B", "2", "A", "x=y", "EMPTY", ""), options.environment());
		assertEquals(9, options.tokens());
		assertEquals(List.of("app.py"), options.toolArguments());
	}

	@Test
	void envWithoutANameIsAUsageErrorSayingTheForm() {
		for (String bad : List.of("NOEQUALS", "=value", "1X=2", "A B=1")) {
			String message = assertThrows(UsageError.class, () -> KernelOptions.parse("pip", List.of("--env", bad)))
					.getMessage();
			assertEquals("pip: --env takes NAME=VALUE (a variable name, '=', its value), not '" + bad + "'", message);
		}
	}

	// the shell reads a tool's subcommand where the kernel says its words begin: the two must agree
	@Test
	void theApisToolWordsStartIsWhereTheKernelsOptionsEnd() {
		List<String> pool = List.of("--", "--deterministic", "--token-budget", "--token-budget=7", "--timeout", "--timeout=2",
				"--env", "--env=A=1", "5", "B=2", "configure", "app.py", "-c");
		Random random = new Random(20261208);
		int compared = 0;
		for (int n = 0; n < 5000; n++) {
			List<String> words = new ArrayList<>();
			for (int length = random.nextInt(7); length > 0; length--) {
				words.add(pool.get(random.nextInt(pool.size())));
			}
			KernelOptions options;
			try {
				options = KernelOptions.parse("tool", words);
			} catch (UsageError badValue) {
				continue; // the run does not start: no words of the tool's to read
			}
			assertEquals(options.toolArguments(), words.subList(Kernel.toolWordsStart(words), words.size()), words.toString());
			compared++;
		}
		assertTrue(compared > 1000, compared + " word lists compared");
	}
}
