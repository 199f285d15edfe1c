package os2.shell.internal.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;
import os2.shell.internal.session.GogoFixture;

class LedgerCommandTest {

	/** Entries in a list, read as the ledger service reads them; nothing else. */
	private static final class ListLedger implements Ledger {

		final List<Entry> entries = new ArrayList<>();
		final List<Query> queries = new ArrayList<>();

		/** {@code notes} entries of kind note, then {@code commands} of kind command. */
		ListLedger(int notes, int commands) {
			for (int i = 0; i < notes + commands; i++) {
				String kind = i < notes ? "note" : "command";
				String json = "{\"actor\":\"t@1\",\"kind\":\"" + kind + "\",\"lamport\":0,\"payload\":{\"n\":" + i
						+ "},\"run\":\"\",\"session\":\"s1\",\"wall\":0}";
				entries.add(new Entry(i, kind, "s1", "", 0, 0, "t@1", Map.of("n", (long) i), json));
			}
		}

		@Override
		public List<Entry> query(Query query) {
			queries.add(query);
			List<Entry> found = new ArrayList<>();
			for (long i = query.from(); i < entries.size() && found.size() < query.limit(); i++) {
				if (query.matches(entries.get((int) i))) {
					found.add(entries.get((int) i));
				}
			}
			return found;
		}

		@Override
		public Head head() {
			return new Head(entries.size(), "", "", null);
		}

		@Override
		public Entry read(long index) {
			return entries.get((int) index);
		}

		@Override
		public Receipt append(EntryDraft draft) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<Receipt> appendAsync(EntryDraft draft) {
			throw new UnsupportedOperationException();
		}

		@Override
		public byte[] blob(String sha256) {
			throw new UnsupportedOperationException();
		}

		@Override
		public AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String rootHash(long treeSize) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Checkpoint checkpoint() {
			throw new UnsupportedOperationException();
		}

		@Override
		public InclusionProof inclusionProof(long index, long treeSize) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ConsistencyProof consistencyProof(long size1, long size2) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Verification verify() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Checkpoint export(Path file) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String verifierKey() {
			return "";
		}
	}

	private GogoFixture gogo;

	private GogoFixture gogo(ListLedger ledger) {
		gogo = new GogoFixture().add(new LedgerCommand(ledger));
		return gogo;
	}

	@AfterEach
	void stopGogo() {
		if (gogo != null) {
			gogo.close();
		}
	}

	private static long lines(String text) {
		return text.lines().count();
	}

	@Test
	void moreEntriesThanTheLimitAreCountedOnStderrWithTheNextFrom() {
		GogoFixture gogo = gogo(new ListLedger(250, 0));

		assertEquals(0, gogo.runner().run("ledger show").status());

		assertEquals(100, lines(gogo.out()));
		assertTrue(gogo.out().lines().toList().getLast().startsWith("#99  "), gogo.out());
		assertEquals("ledger show: 150 more entries after #99; --from 100 shows the next 100, a larger --limit more at once\n",
				gogo.err());
	}

	@Test
	void oneMoreEntryIsSaidInTheSingular() {
		GogoFixture gogo = gogo(new ListLedger(13, 0));

		gogo.runner().run("ledger show --from 2 --limit 10");

		assertEquals(10, lines(gogo.out()));
		assertEquals("ledger show: 1 more entry after #11; --from 12 shows the next 10, a larger --limit more at once\n",
				gogo.err());
	}

	@Test
	void allEntriesShownMeansNoNote() {
		GogoFixture gogo = gogo(new ListLedger(100, 0));

		gogo.runner().run("ledger show");
		gogo.runner().run("ledger show --limit 2147483647");
		gogo.runner().run("ledger show --limit 5000000000");

		assertEquals(300, lines(gogo.out()));
		assertEquals("", gogo.err());
	}

	@Test
	void withAFilterTheNoteSaysMoreMatchWithoutCountingThemAndReadsOneEntryPastTheLimit() {
		ListLedger ledger = new ListLedger(5, 300);
		GogoFixture gogo = gogo(ledger);

		gogo.runner().run("ledger show --kind command --limit 20");

		assertEquals(20, lines(gogo.out()));
		assertEquals("ledger show: more entries match after #24; --from 25 shows the next 20, a larger --limit more at once\n",
				gogo.err());
		assertEquals(List.of(new Query(null, null, "command", 0, 21)), ledger.queries);
	}

	@Test
	void withJsonStdoutHoldsOnlyJsonLinesAndTheNoteIsOnStderr() {
		GogoFixture gogo = gogo(new ListLedger(7, 0));

		gogo.runner().run("ledger show --json --limit 3");

		assertEquals(List.of("{\"index\":0,\"actor\":\"t@1\",\"kind\":\"note\",\"lamport\":0,\"payload\":{\"n\":0},\"run\":\"\","
				+ "\"session\":\"s1\",\"wall\":0}", "{\"index\":1,", "{\"index\":2,"),
				gogo.out().lines().map(line -> line.startsWith("{\"index\":0,") ? line : line.substring(0, 11)).toList());
		assertEquals("ledger show: 4 more entries after #2; --from 3 shows the next 3, a larger --limit more at once\n",
				gogo.err());
	}

	@Test
	void aLimitBelowOneIsStillAUsageError() {
		GogoFixture gogo = gogo(new ListLedger(3, 0));

		assertEquals(2, gogo.runner().run("ledger show --limit 0").status());

		assertEquals("", gogo.out());
		assertTrue(gogo.err().contains("--limit must be at least 1, not 0"), gogo.err());
	}
}
