package os2.ledger.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import os2.ledger.api.LedgerException;

/**
 * The witness as a command, run from the ledger's jar without OSGi ({@code ./os2 witness ...}):
 *
 * <pre>
 * init DIR --log LOG-KEY [--log LOG-KEY]... [--name NAME]   make a witness; prints its verifier key
 * add-checkpoint DIR      a tlog-witness add-checkpoint request on stdin; the cosignature on stdout
 * add-log DIR LOG-KEY     witness one more log
 * key DIR                 print the witness's verifier key
 * </pre>
 *
 * A refusal is one line on stderr and an exit status per {@link WitnessStatus} (3 for a conflict,
 * with the witness's size on stdout, as the HTTP protocol's 409 body); 1 when the witness itself
 * failed, 2 for a usage error.
 */
public final class WitnessMain {

	static final String USAGE = "usage: witness init DIR --log LOG-VERIFIER-KEY [--log ...] [--name NAME]"
			+ " | witness add-checkpoint DIR (request on stdin) | witness add-log DIR LOG-VERIFIER-KEY | witness key DIR";
	/** Far more than a request needs (63 proof lines and a note); a bound, so a runaway sender cannot fill memory. */
	private static final int MAX_REQUEST = 1 << 20;

	private WitnessMain() {
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), System.in, System.out, System.err));
	}

	/** Runs one command; returns the exit status. */
	static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
		if (args.size() < 2) {
			err.println("witness: " + (args.isEmpty() ? "no command" : "'" + args.getFirst() + "' needs a witness directory") + "; " + USAGE);
			return 2;
		}
		Path directory = Path.of(args.get(1));
		List<String> rest = args.subList(2, args.size());
		try {
			switch (args.getFirst()) {
				case "init" -> out.println(init(directory, rest).verifierKey());
				case "add-checkpoint" -> {
					noMore(rest);
					out.print(Witness.open(directory).addCheckpoint(request(in)));
				}
				case "add-log" -> {
					if (rest.size() != 1) {
						throw new UsageException("add-log takes one log verifier key");
					}
					Witness.open(directory).addLog(rest.getFirst());
				}
				case "key" -> {
					noMore(rest);
					out.println(Witness.open(directory).verifierKey());
				}
				default -> throw new UsageException("no command '" + args.getFirst() + "'");
			}
			out.flush();
			return 0;
		} catch (UsageException e) {
			err.println("witness: " + e.getMessage() + "; " + USAGE);
			return 2;
		} catch (WitnessRefusal refusal) {
			out.print(refusal.body());
			out.flush();
			err.println("witness: refused (" + refusal.status().http() + "): " + refusal.getMessage());
			return refusal.status().exitStatus();
		} catch (WitnessException | LedgerException failed) {
			err.println("witness: " + failed.getMessage());
			return 1;
		}
	}

	private static Witness init(Path directory, List<String> options) {
		List<String> logs = new ArrayList<>();
		String name = null;
		for (int i = 0; i < options.size(); i += 2) {
			if (i + 1 == options.size()) {
				throw new UsageException(options.get(i) + " needs a value");
			}
			switch (options.get(i)) {
				case "--log" -> logs.add(options.get(i + 1));
				case "--name" -> name = options.get(i + 1);
				default -> throw new UsageException("init takes --log and --name, not '" + options.get(i) + "'");
			}
		}
		if (name != null && (name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> c <= ' '))) {
			throw new UsageException("a witness name has no spaces or '+', e.g. witness.example.org/alice, not '" + name + "'");
		}
		return Witness.init(directory, logs, name);
	}

	private static String request(InputStream in) {
		try {
			byte[] bytes = in.readNBytes(MAX_REQUEST + 1);
			if (bytes.length > MAX_REQUEST) {
				throw new WitnessRefusal(WitnessStatus.BAD_REQUEST, "the request is larger than " + MAX_REQUEST + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new WitnessException("cannot read the request on stdin: " + e.getMessage(), e);
		}
	}

	private static void noMore(List<String> rest) {
		if (!rest.isEmpty()) {
			throw new UsageException("unexpected '" + rest.getFirst() + "'");
		}
	}

	private static final class UsageException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		UsageException(String message) {
			super(message);
		}
	}
}
