package os2.plugins.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import os2.kernel.api.KernelException;

/**
 * The Python files the tools run in the sandbox (making a venv, pyx's launcher, pip's launcher,
 * deterministic mode's start-up hook), each run as a script, so its own read-only directory and
 * not the workspace is first on {@code sys.path}, copied out of the bundle into the tools' own directory, where the
 * sandbox can bind them read-only. Written whole (a temporary file moved into place), so a run
 * never sees half a file; written by the first run after each start, so an updated bundle brings
 * its own and a start writes nothing.
 */
final class SupportFiles {

	static final String MAKE_VENV = "make_venv.py";
	static final String PYX_RUN = "pyx_run.py";
	static final String RUN_PIP = "run_pip.py";
	static final String DETERMINISTIC = "deterministic";

	private static final List<String> FILES = List.of(MAKE_VENV, PYX_RUN, RUN_PIP, DETERMINISTIC + "/sitecustomize.py");

	private final Path directory;
	private boolean written;

	private SupportFiles(Path directory) {
		this.directory = directory;
	}

	/** The files in {@code directory}, written there when first asked for (not at start-up). */
	static SupportFiles in(Path directory) {
		return new SupportFiles(directory);
	}

	Path directory() {
		writeOnce();
		return directory;
	}

	Path file(String name) {
		writeOnce();
		return directory.resolve(name);
	}

	private synchronized void writeOnce() {
		if (written) {
			return;
		}
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
			throw new KernelException("python: cannot write the python tools' files to " + directory + ": " + e.getMessage(), e);
		}
		written = true;
	}
}
