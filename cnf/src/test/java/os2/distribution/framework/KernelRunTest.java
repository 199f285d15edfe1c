package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.kernel.api.Kernel;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.kernel.api.UsageError;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;

/**
 * A tool run through the kernel in a running framework (the example bundle's {@code lines}):
 * its output reaches the caller, the run is on record from start to end with every chunk, and
 * the token budget holds back what the reader sees but not what the ledger keeps.
 */
@ExtendWith(ServiceExtension.class)
class KernelRunTest {

	@InjectService
	Kernel kernel;

	@InjectService
	Sessions sessions;

	@InjectService
	Ledger ledger;

	private Session session;

	@BeforeEach
	void open() {
		session = sessions.open("kernel-run-test", null);
	}

	@AfterEach
	void close() {
		sessions.close(session.id(), 0);
	}

	@Test
	@Timeout(30)
	void aRunsOutputReachesTheCallerAndEveryStepIsOnRecord() throws Exception {
		ByteArrayOutputStream shown = new ByteArrayOutputStream();
		RunResult result = kernel.run(new RunRequest(session.id(), "lines", List.of("3"), "lines 3", null), into(shown));

		assertEquals(0, result.exitStatus());
		assertEquals("line 1\nline 2\nline 3\n", shown.toString(StandardCharsets.UTF_8));
		List<Entry> run = ledger.query(new Query(session.id(), null, null, 0, Integer.MAX_VALUE)).stream()
				.filter(e -> !e.run().isEmpty()).toList();
		assertEquals(List.of(Kinds.RUN_START, Kinds.OUTPUT_CHUNK, Kinds.OUTPUT_CHUNK, Kinds.OUTPUT_CHUNK, Kinds.RUN_END),
				run.stream().map(Entry::kind).toList());
		assertEquals("lines 3", run.getFirst().payload().get("line"));
		assertEquals("os2.plugins.examples", run.getFirst().payload().get("bundle"));
		assertEquals("line 2\n", run.get(2).payload().get("text"));
		assertEquals(0L, run.getLast().payload().get("status"));
		assertEquals(result.tokensTotal(), run.getLast().payload().get("tokens-total"));
	}

	@Test
	@Timeout(30)
	void aRunFollowedByTheCallersOwnRecordIsDurableWithItInOrder() throws Exception {
		RunResult result = kernel.run(new RunRequest(session.id(), "lines", List.of("2"), "lines 2", null, true),
				into(new ByteArrayOutputStream()));
		// what the shell does after each line: its own entry, waited for until durable
		long own = ledger.append(new EntryDraft(Kinds.NOTE, session.id(), "", 0, Map.of("after", "lines 2"))).index();

		List<Entry> entries = ledger.query(new Query(session.id(), null, null, 0, Integer.MAX_VALUE));
		Entry end = entries.stream().filter(e -> e.kind().equals(Kinds.RUN_END)).findFirst().orElseThrow();
		assertEquals(0, result.exitStatus());
		assertTrue(end.index() < own, "run-end " + end.index() + " is not before the caller's entry " + own);
		assertEquals(0L, end.payload().get("status"));
	}

	@Test
	@Timeout(30)
	void theTokenBudgetHoldsBackWhatIsShownNotWhatIsRecorded() throws Exception {
		ByteArrayOutputStream shown = new ByteArrayOutputStream();
		RunResult result = kernel.run(new RunRequest(session.id(), "lines", List.of("--token-budget", "60", "2000"),
				"lines --token-budget 60 2000", null), into(shown));

		String text = shown.toString(StandardCharsets.UTF_8);
		assertTrue(result.truncated());
		assertTrue(result.tokensShown() <= 60, "shown " + result.tokensShown());
		assertTrue(text.startsWith("line 1\n"), text);
		assertTrue(text.endsWith("line 2000\n"), text);
		assertTrue(text.contains("tokens elided — full output: transcript r-"), text);
		long chunks = ledger.query(new Query(session.id(), null, Kinds.OUTPUT_CHUNK, 0, Integer.MAX_VALUE)).size();
		assertEquals(2000, chunks, "the ledger keeps every line");
	}

	@Test
	@Timeout(30)
	void aSessionsRunsGetIncreasingTimestampsAndTheirOwnIds() throws Exception {
		kernel.run(new RunRequest(session.id(), "lines", List.of("1"), null, null), into(new ByteArrayOutputStream()));
		kernel.run(new RunRequest(session.id(), "lines", List.of("1"), null, null), into(new ByteArrayOutputStream()));
		List<Entry> starts = ledger.query(new Query(session.id(), null, Kinds.RUN_START, 0, Integer.MAX_VALUE));
		assertEquals(2, starts.size());
		assertTrue(starts.get(0).lamport() < starts.get(1).lamport());
		assertFalse(starts.get(0).run().equals(starts.get(1).run()));
		assertTrue(session.clock() >= starts.get(1).lamport());
	}

	@Test
	@Timeout(30)
	void aToolAsAShellCommandNeedsAFrontEndsKernelSession(@InjectService CommandProcessor processor) {
		// a Gogo session no OS2 front end opened has no kernel session: its tools refuse, in one line
		Exception refused = assertThrows(Exception.class, () -> CommandOutput.of(processor, "lines 2"));
		assertEquals("lines cannot run: this shell has no kernel session ('status' says why)", refused.getMessage());
	}

	@Test
	void badArgumentsAreUsageErrorsAndUnknownToolsToo() {
		assertEquals("COUNT is a whole number, 0 or more, not 'many'; usage: lines COUNT [TEXT]", assertThrows(UsageError.class,
				() -> kernel.run(new RunRequest(session.id(), "lines", List.of("many"), null, null), into(new ByteArrayOutputStream())))
				.getMessage());
		assertThrows(UsageError.class, () -> kernel.run(new RunRequest(session.id(), "nosuchtool", List.of(), null, null),
				into(new ByteArrayOutputStream())));
		assertEquals("lines: --token-budget takes a whole number above 0, not 'x'", assertThrows(UsageError.class,
				() -> kernel.run(new RunRequest(session.id(), "lines", List.of("--token-budget", "x", "1"), null, null),
						into(new ByteArrayOutputStream()))).getMessage());
		assertEquals("'3' is one word too many; usage: lines COUNT [TEXT]", assertThrows(UsageError.class,
				() -> kernel.run(new RunRequest(session.id(), "lines", List.of("1", "a", "3"), null, null),
						into(new ByteArrayOutputStream()))).getMessage());
		// refused by the tool's declaration before the run began: nothing of it is on record
		assertEquals(List.of(), ledger.query(new Query(session.id(), null, null, 0, Integer.MAX_VALUE)).stream()
				.filter(entry -> entry.kind().equals(Kinds.RUN_START)).toList());
	}

	private static Output into(ByteArrayOutputStream shown) {
		return (stream, bytes, offset, length) -> {
			synchronized (shown) {
				shown.write(bytes, offset, length);
			}
		};
	}
}
