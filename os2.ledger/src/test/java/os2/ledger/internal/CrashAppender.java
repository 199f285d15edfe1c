package os2.ledger.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import os2.ledger.api.EntryDraft;

/**
 * The child process of {@link LedgerCrashTest}: appends from several threads as fast as it can
 * and prints "ACK index leafhash" for every receipt, until it is killed.
 */
public final class CrashAppender {

	private CrashAppender() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		int threads = Integer.parseInt(args[1]);
		PrintStream out = System.out;
		LedgerStore store = LedgerStore.open(root.resolve("ledger"), root.resolve("keys"), notice -> out.println("NOTICE " + notice));
		GroupCommitter committer = new GroupCommitter(store, 200, 50, problem -> out.println("PROBLEM " + problem));
		out.println("READY " + store.size());
		out.flush();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread.ofPlatform().start(() -> {
				for (long i = 0;; i++) {
					byte[] json = EntryCodec.encode(new EntryDraft("note", "crash", "t" + thread, i,
							Map.of("thread", thread, "i", i, "pad", "x".repeat((int) (i % 300)))), "crash@1", i);
					// wait for each receipt, then print it: an ACK line means durable
					var receipt = committer.append(json).join();
					synchronized (out) {
						out.println("ACK " + receipt.index() + " " + receipt.leafHash());
						out.flush();
					}
				}
			});
		}
		Thread.sleep(Long.MAX_VALUE);
	}
}
