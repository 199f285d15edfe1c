package os2.plugins.python;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What OS2 knows about a venv it made, kept in the tools' {@code state} directory, which no
 * sandbox ever has bound: the interpreter it was made from (as OS2 located it), that
 * interpreter's version, and for a pyx venv the requirement installed in it. The host takes every
 * decision about a venv (that it is ready, what to bind, which interpreter) from here, never from
 * the venv's own files ({@code pyvenv.cfg}, markers), which its programs can rewrite.
 *
 * @param installed the requirement pyx installed in it, once the install succeeded
 */
record VenvFacts(String owner, Path interpreter, String version, Optional<String> installed) {

	/** A version as CPython prints it: {@code 3.11.2}, {@code 3.13.0rc1}. */
	static final Pattern VERSION = Pattern.compile("3\\.\\d{1,3}\\.\\d{1,3}[a-z0-9+]{0,12}");

	VenvFacts {
		if (!VERSION.matcher(version).matches()) {
			throw new IllegalArgumentException("not a CPython 3 version: " + version);
		}
	}

	VenvFacts withInstalled(String requirement) {
		return new VenvFacts(owner, interpreter, version, Optional.of(requirement));
	}

	/** The facts in {@code file}, or empty if there are none (or they are not OS2's). */
	static Optional<VenvFacts> read(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException none) {
			return Optional.empty();
		} catch (IOException unreadable) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (Reader reader = new StringReader(text)) {
			properties.load(reader);
			return Optional.of(new VenvFacts(properties.getProperty("owner", ""), Path.of(properties.getProperty("interpreter")),
					properties.getProperty("version"), Optional.ofNullable(properties.getProperty("installed"))));
		} catch (IOException | RuntimeException damaged) {
			return Optional.empty();
		}
	}

	/** Writes them whole (a temporary file moved into place). */
	void write(Path file) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("owner", owner);
		properties.setProperty("interpreter", interpreter.toString());
		properties.setProperty("version", version);
		installed.ifPresent(requirement -> properties.setProperty("installed", requirement));
		StringWriter text = new StringWriter();
		properties.store(text, "made by OS2's python tools; never bound into a sandbox");
		Files.createDirectories(file.getParent());
		Path staging = Files.createTempFile(file.getParent(), ".staging-", ".properties");
		Files.writeString(staging, text.toString(), StandardCharsets.UTF_8);
		Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}
