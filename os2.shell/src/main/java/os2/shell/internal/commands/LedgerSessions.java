package os2.shell.internal.commands;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.ledger.api.Entry;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;

/** {@code ledger sessions}: every session on record, with when it ran and how many entries it left. */
final class LedgerSessions {

	private static final int PAGE = 10_000;

	private record Summary(String id, long firstIndex, long lastIndex, long firstWall, long lastWall, long entries,
			String user) {
	}

	private final Ledger ledger;

	LedgerSessions(Ledger ledger) {
		this.ledger = ledger;
	}

	void print(PrintStream out) {
		Map<String, Summary> sessions = new LinkedHashMap<>();
		long from = 0;
		while (true) {
			List<Entry> page = ledger.query(Query.all(from, PAGE));
			for (Entry entry : page) {
				if (!entry.session().isEmpty()) {
					sessions.merge(entry.session(), summary(entry), LedgerSessions::merge);
				}
			}
			if (page.size() < PAGE) {
				break;
			}
			from = page.getLast().index() + 1;
		}
		if (sessions.isEmpty()) {
			out.println("no sessions on record yet");
			return;
		}
		out.println("session           started                   entries  first..last  user");
		for (Summary s : sessions.values()) {
			out.printf("%-17s %-25s %7d  %d..%d  %s%n", s.id(), Instant.ofEpochMilli(s.firstWall()), s.entries(), s.firstIndex(),
					s.lastIndex(), s.user());
		}
	}

	private static Summary summary(Entry entry) {
		Object user = entry.payload().get("user");
		return new Summary(entry.session(), entry.index(), entry.index(), entry.wallMillis(), entry.wallMillis(), 1,
				user == null ? "" : user.toString());
	}

	private static Summary merge(Summary a, Summary b) {
		return new Summary(a.id(), a.firstIndex(), b.lastIndex(), a.firstWall(), b.lastWall(), a.entries() + b.entries(),
				a.user().isEmpty() ? b.user() : a.user());
	}
}
