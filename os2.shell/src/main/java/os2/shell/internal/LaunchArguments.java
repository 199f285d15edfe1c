package os2.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line the shell was started with, after the {@code os2} script has taken its own
 * options (home, workspace, verbosity): either nothing (interactive) or {@code -c LINE}.
 */
record LaunchArguments(List<String> lines) {

	static final String USAGE = "usage: os2 [--home DIR] [--workspace DIR] [--verbose] [-c 'COMMAND LINE']";

	boolean interactive() {
		return lines.isEmpty();
	}

	static LaunchArguments parse(String... args) {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("-c")) {
				if (i + 1 >= args.length) {
					throw new UsageException("-c needs a command line, e.g. -c help; " + USAGE);
				}
				lines.add(args[++i]);
			} else {
				throw new UsageException("unknown option '" + arg + "'; " + USAGE);
			}
		}
		return new LaunchArguments(List.copyOf(lines));
	}
}
