package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;

/**
 * A query that names a run or a session gives what reading every entry would give (the same
 * entries, in the same order), reading only that run's or session's entries: over random
 * ledgers of many sessions and runs interleaved, checkpointed, reopened and crashed at random.
 */
class QueryByRunAndSessionTest {

	static final String[] KINDS = {"run-start", "output-chunk", "output-chunk", "output-chunk", "run-end", "note", "command"};

	@TempDir
	Path temp;

	/** Appends entries as OS2 writes them: sessions running at once, runs inside them, some entries in neither. */
	static final class Writer {
		final Random random;
		private int nextRun;
		private final List<String> openRuns = new ArrayList<>();

		Writer(long seed) {
			this.random = new Random(seed);
		}

		EntryDraft next() {
			String session = random.nextInt(30) == 0 ? "" : "s-" + random.nextInt(random.nextInt(8) + 1);
			if (openRuns.isEmpty() || random.nextInt(6) == 0) {
				openRuns.add("r-" + nextRun++);
			}
			String run = random.nextInt(12) == 0 ? "" : openRuns.get(random.nextInt(openRuns.size()));
			if (openRuns.size() > 5) {
				openRuns.remove(random.nextInt(openRuns.size()));
			}
			return new EntryDraft(KINDS[random.nextInt(KINDS.length)], session, run, random.nextInt(1000),
					Map.of("text", "x".repeat(random.nextInt(40))));
		}

		int runs() {
			return nextRun;
		}
	}

	static Receipt append(LedgerFixture ledger, EntryDraft draft) {
		return ledger.committer.append(EntryCodec.encode(draft, "test@1.0.0", 1700000000000L)).join();
	}

	/** Every entry, read one by one: what a query must agree with. */
	static List<Entry> everything(LedgerStore store) {
		List<Entry> all = new ArrayList<>();
		for (long i = 0; i < store.size(); i++) {
			all.add(store.read(i));
		}
		return all;
	}

	static List<Entry> scanned(List<Entry> all, Query query) {
		List<Entry> found = new ArrayList<>();
		for (int i = (int) Math.min(query.from(), all.size()); i < all.size() && found.size() < query.limit(); i++) {
			if (query.matches(all.get(i))) {
				found.add(all.get(i));
			}
		}
		return found;
	}

	static Query randomQuery(Random random, int runs, long size) {
		String run = random.nextInt(4) == 0 ? null : "r-" + random.nextInt(runs + 3); // a few that never ran
		String session = run != null && random.nextInt(3) != 0 ? null : "s-" + random.nextInt(10);
		String kind = random.nextInt(3) == 0 ? KINDS[random.nextInt(KINDS.length)] : null;
		long from = random.nextInt(3) == 0 ? 0 : random.nextLong(size + 5);
		int limit = switch (random.nextInt(4)) {
			case 0 -> 1;
			case 1 -> 1 + random.nextInt(10);
			case 2 -> 1 + random.nextInt(300);
			default -> Integer.MAX_VALUE;
		};
		return new Query(session, run, kind, from, limit);
	}

	/** The store's answers to many random queries against the scan, and the index's reads counted. */
	static void assertQueriesAgree(LedgerStore store, Random random, int runs) {
		List<Entry> all = everything(store);
		for (int q = 0; q < 400; q++) {
			Query query = randomQuery(random, runs, store.size());
			assertEquals(ids(scanned(all, query)), ids(store.query(query)), query.toString());
		}
		for (String run : new String[] {"r-0", "r-" + (runs / 2), "r-" + (runs - 1)}) {
			assertReadsOnlyWhatItReturns(store, all, new Query(null, run, null, 0, Integer.MAX_VALUE));
		}
		assertReadsOnlyWhatItReturns(store, all, new Query("s-0", null, null, all.size() / 3, 50));
	}

	/** Without a kind to filter by, the index reads exactly the entries it returns: no others. */
	static void assertReadsOnlyWhatItReturns(LedgerStore store, List<Entry> all, Query query) {
		KeyList list = KeyList.of(query, store.postings());
		assertNotNull(list, "the index is not in use");
		AtomicLong reads = new AtomicLong();
		List<Entry> found;
		try {
			found = list.entries(query, index -> {
				reads.incrementAndGet();
				return store.read(index);
			});
		} catch (java.io.IOException broken) {
			throw new AssertionError(broken);
		}
		assertEquals(ids(scanned(all, query)), ids(found), query.toString());
		assertEquals(found.size(), reads.get(), "entries read for " + query);
	}

	static List<Long> ids(List<Entry> entries) {
		return entries.stream().map(Entry::index).toList();
	}

	@Test
	@Timeout(120)
	void indexedQueriesGiveWhatReadingEveryEntryGivesThroughCheckpointsReopensAndCrashes() {
		Random random = new Random(20261207);
		Writer writer = new Writer(1);
		LedgerFixture ledger = new LedgerFixture(temp);
		try {
			for (int round = 0; round < 6; round++) {
				List<CompletableFuture<Receipt>> inFlight = new ArrayList<>();
				for (int i = 0; i < 700; i++) {
					inFlight.add(ledger.committer.append(EntryCodec.encode(writer.next(), "test@1.0.0", 1700000000000L)));
					if (random.nextInt(150) == 0) {
						inFlight.forEach(CompletableFuture::join);
						ledger.store.checkpoint(); // the changed keys go into keys.dat; lists are taken up from there
					}
				}
				inFlight.forEach(CompletableFuture::join);
				assertQueriesAgree(ledger.store, random, writer.runs());
				switch (round % 3) {
					case 0 -> ledger.reopen();
					case 1 -> { // a crash: what came after the last checkpoint is indexed again on open
						ledger.close(false);
						ledger.open();
					}
					default -> {
					}
				}
				assertQueriesAgree(ledger.store, random, writer.runs());
			}
			assertTrue(LedgerVerifier.verify(ledger.store).ok(), LedgerVerifier.verify(ledger.store).problem());
			assertTrue(ledger.notices.isEmpty(), ledger.notices.toString());
		} finally {
			ledger.close();
		}
	}

	@Test
	void aQueryForARunThatNeverRanOrForNoRunFindsWhatTheScanFinds() {
		LedgerFixture ledger = new LedgerFixture(temp);
		try {
			Writer writer = new Writer(2);
			for (int i = 0; i < 300; i++) {
				append(ledger, writer.next());
			}
			List<Entry> all = everything(ledger.store);
			for (Query query : List.of(new Query(null, "r-none", null, 0, 10), new Query(null, "", null, 0, 1000),
					new Query("", null, null, 0, 1000), new Query("", "", "note", 5, 1000), new Query(null, "\ud800", null, 0, 5))) {
				assertEquals(ids(scanned(all, query)), ids(ledger.store.query(query)), query.toString());
			}
		} finally {
			ledger.close();
		}
	}

	/**
	 * Two stores of one ledger (as two processes have), each appending and checkpointing in turn:
	 * each takes up what the other wrote into keys.dat, and both answer as the scan does.
	 */
	@Test
	@Timeout(120)
	void twoStoresAppendingInTurnKeepOneIndex() {
		Random random = new Random(99);
		Writer writer = new Writer(3);
		LedgerFixture first = new LedgerFixture(temp);
		LedgerStore second = LedgerStore.open(first.directory, first.keys, first.notices::add, first.store.writerLock());
		GroupCommitter secondCommitter = new GroupCommitter(second, 1_000_000, 3_600_000, problem -> {
		});
		try {
			for (int turn = 0; turn < 12; turn++) {
				GroupCommitter committer = turn % 2 == 0 ? first.committer : secondCommitter;
				LedgerStore store = turn % 2 == 0 ? first.store : second;
				List<CompletableFuture<Receipt>> inFlight = new ArrayList<>();
				for (int i = 0; i < 150 + random.nextInt(150); i++) {
					inFlight.add(committer.append(EntryCodec.encode(writer.next(), "test@1.0.0", 1700000000000L)));
				}
				inFlight.forEach(CompletableFuture::join);
				if (random.nextBoolean()) {
					store.checkpoint();
				}
				first.store.refresh();
				second.refresh();
				assertQueriesAgree(first.store, random, writer.runs());
				assertQueriesAgree(second, random, writer.runs());
			}
			assertTrue(LedgerVerifier.verify(second).ok(), LedgerVerifier.verify(second).problem());
		} finally {
			secondCommitter.close();
			second.abandon();
			first.close();
		}
		first.open();
		try {
			assertQueriesAgree(first.store, random, writer.runs());
			assertTrue(LedgerVerifier.verify(first.store).ok(), LedgerVerifier.verify(first.store).problem());
			assertTrue(first.notices.isEmpty(), first.notices.toString());
		} finally {
			first.close();
		}
	}
}
