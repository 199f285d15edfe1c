package os2.plugins.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Python files the tools run in the sandbox (making a venv, pyx's launcher, deterministic
 * mode's start-up hook), copied out of the bundle into the tools' own directory, where the
 * sandbox can bind them read-only. Written whole (a temporary file moved into place), so a run
 * never sees half a file; written again at every start, so an updated bundle brings its own.
 */
final class SupportFiles {

	static final String MAKE_VENV = "make_venv.py";
	static final String PYX_RUN = "pyx_run.py";
	static final String DETERMINISTIC = "deterministic";

	private static final List<String> FILES = List.of(MAKE_VENV, PYX_RUN, DETERMINISTIC + "/sitecustomize.py");

	private final Path directory;

	private SupportFiles(Path directory) {
		this.directory = directory;
	}

	static SupportFiles writeTo(Path directory) {
		try {
			for (String name : FILES) {
				Path target = directory.resolve(name);
				Files.createDirectories(target.getParent());
				Path staging = Files.createTempFile(target.getParent(), ".staging-", ".py");
				try (InputStream in = SupportFiles.class.getResourceAsStream("support/" + name)) {
					if (in == null) {
						throw new IOException("the bundle lacks support/" + name);
					}
					Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
				}
				Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write the python tools' files to " + directory + ": " + e.getMessage(), e);
		}
		return new SupportFiles(directory);
	}

	Path directory() {
		return directory;
	}

	Path file(String name) {
		return directory.resolve(name);
	}
}
