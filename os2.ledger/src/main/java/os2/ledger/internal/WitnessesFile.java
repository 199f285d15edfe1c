package os2.ledger.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import os2.ledger.api.Cosignatures;
import os2.ledger.api.LedgerException;

/**
 * {@code $OS2_HOME/etc/witnesses}: the witnesses OS2 sends each checkpoint to, one a line,
 * {@code VERIFIER-KEY command PROGRAM ARGUMENT...} or {@code VERIFIER-KEY https://...}; blank
 * lines and lines starting with {@code #} are skipped. Words are split at white space, with no
 * quoting: a command that needs more is a script. Read afresh for every checkpoint, so an edit
 * takes effect at the next one without a restart.
 */
final class WitnessesFile {

	/**
	 * @param endpoints the witnesses that can be sent to
	 * @param problems one line for each line that could not be used, saying why
	 */
	record Contents(List<WitnessEndpoint> endpoints, List<String> problems) {
	}

	private WitnessesFile() {
	}

	/** What the file says; no file is no witnesses. */
	static Contents read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		} catch (NoSuchFileException none) {
			return new Contents(List.of(), List.of());
		} catch (IOException e) {
			return new Contents(List.of(), List.of("cannot read " + file + ": " + e.getMessage()));
		}
		List<WitnessEndpoint> endpoints = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (int number = 1; number <= lines.size(); number++) {
			String line = lines.get(number - 1).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			try {
				endpoints.add(parse(line));
			} catch (LedgerException unusable) {
				problems.add(file + " line " + number + ": " + unusable.getMessage());
			}
		}
		return new Contents(List.copyOf(endpoints), List.copyOf(problems));
	}

	private static WitnessEndpoint parse(String line) {
		String[] words = line.split("\\s+");
		if (words.length < 2) {
			throw new LedgerException("a witness is 'VERIFIER-KEY command PROGRAM ARGUMENT...', not '" + line + "'");
		}
		String name;
		try {
			name = Cosignatures.name(words[0]);
		} catch (LedgerException notAKey) {
			throw new LedgerException(notAKey.getMessage() + "; './os2 witness key DIR' prints a witness's key");
		}
		if (words[1].equals("command") && words.length > 2) {
			return new WitnessEndpoint(words[0], name, Arrays.asList(words).subList(2, words.length), "");
		}
		if (words[1].startsWith("https://") || words[1].startsWith("http://")) {
			return new WitnessEndpoint(words[0], name, List.of(), words[1]);
		}
		throw new LedgerException("after the key comes 'command PROGRAM ARGUMENT...' or a URL, not '" + words[1] + "'");
	}
}
