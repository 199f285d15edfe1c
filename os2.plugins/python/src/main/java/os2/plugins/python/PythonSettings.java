package os2.plugins.python;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import os2.kernel.api.KernelException;

/**
 * What an administrator may set for the python tools, in {@code $OS2_HOME/etc/python.properties}
 * (looked at every run, so a change applies at once): {@code python}, the interpreter (default:
 * the one {@code OS2_PYTHON} names, else the first CPython named {@code python3} on PATH);
 * {@code index-url}, pip's default index (a URL, or an absolute directory holding a PEP 503
 * index); {@code find-links}, a directory of wheels pip may install from.
 */
record PythonSettings(Optional<String> python, Optional<String> indexUrl, Optional<String> findLinks) {

	static final String FILE = "python.properties";
	private static final Set<String> KEYS = Set.of("python", "index-url", "find-links");

	static final PythonSettings NONE = new PythonSettings(Optional.empty(), Optional.empty(), Optional.empty());

	/** The settings in {@code file}; none if there is no such file. */
	static PythonSettings read(Path file) {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		} catch (NoSuchFileException none) {
			return NONE;
		} catch (IOException | IllegalArgumentException e) {
			throw new KernelException("python: cannot read " + file + ": " + e.getMessage() + "; fix or remove it");
		}
		for (String key : properties.stringPropertyNames()) {
			if (!KEYS.contains(key)) {
				throw new KernelException("python: " + file + " sets '" + key + "', which is none of python, index-url,"
						+ " find-links; fix or remove it");
			}
		}
		return new PythonSettings(value(properties, "python"), value(properties, "index-url"),
				value(properties, "find-links"));
	}

	/**
	 * The settings of one file, parsed again only when its size, time or identity changed (a stat per
	 * run instead of a read and a parse); the file is the administrator's, under {@code $OS2_HOME/etc}.
	 */
	static final class Cached {

		private final Path file;
		private Object seen;
		private PythonSettings settings;

		Cached(Path file) {
			this.file = file;
		}

		synchronized PythonSettings get() {
			Object stamp;
			try {
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				stamp = List.of(attributes.size(), attributes.lastModifiedTime(), String.valueOf(attributes.fileKey()));
			} catch (NoSuchFileException none) {
				stamp = "none";
			} catch (IOException e) {
				stamp = null; // read it, and say what is wrong
			}
			if (stamp == null || !stamp.equals(seen)) {
				settings = read(file);
				seen = stamp;
			}
			return settings;
		}
	}

	private static Optional<String> value(Properties properties, String key) {
		String value = properties.getProperty(key);
		return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
	}
}
