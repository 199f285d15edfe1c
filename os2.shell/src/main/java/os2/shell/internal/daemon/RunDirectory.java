package os2.shell.internal.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import os2.shell.internal.client.DaemonToken;

/**
 * The daemon's run directory ({@code $OS2_HOME/run}), made private before it listens there: a
 * real directory (not a link), owned by the daemon's user, mode 0700, holding the home's
 * {@link DaemonToken} as a 0600 regular file of that user. Learns who that user is from a file it
 * has just created itself: the file's owner is the process's effective user, the one
 * {@code SO_PEERCRED} reports for a client of the same user.
 */
record RunDirectory(Path directory, UserPrincipal owner, byte[] token) {

	/** 32 random bytes, written as 64 hex digits: text a person can compare, bytes a client sends as they are. */
	private static final int TOKEN_BYTES = 32;

	private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
	private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/**
	 * Checks and tightens {@code directory} and makes sure its token is sound: one that is not a
	 * private regular file of this user (a link, another owner, readable by others, the wrong
	 * size) is removed — never followed — and replaced by a new one.
	 *
	 * @throws IOException with a one-line reason when the directory cannot be made private
	 */
	static RunDirectory prepare(Path directory) throws IOException {
		PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isDirectory()) {
			throw new IOException(directory + " is not a directory (a link, perhaps); remove it");
		}
		// Created with O_EXCL and mode 0600 from the start: never a moment readable by others.
		Path candidate = Files.createTempFile(directory, "daemon.token.", ".new", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
		try {
			UserPrincipal owner = Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS);
			if (!attributes.owner().equals(owner)) {
				throw new IOException(directory + " belongs to " + attributes.owner().getName() + ", not to " + owner.getName()
						+ " who runs the daemon; remove it");
			}
			if (!attributes.permissions().equals(PRIVATE_DIRECTORY)) {
				Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(PRIVATE_DIRECTORY);
			}
			return new RunDirectory(directory, owner, token(directory.resolve(DaemonToken.FILE_NAME), candidate, owner));
		} finally {
			Files.deleteIfExists(candidate);
		}
	}

	private static byte[] token(Path file, Path candidate, UserPrincipal owner) throws IOException {
		byte[] existing = sound(file, owner);
		if (existing != null) {
			return existing;
		}
		Files.deleteIfExists(file); // unlinks a link itself, never what it points to
		byte[] fresh = new byte[TOKEN_BYTES];
		new SecureRandom().nextBytes(fresh);
		byte[] text = HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII);
		Files.write(candidate, text, LinkOption.NOFOLLOW_LINKS);
		try {
			// a hard link puts the whole file in place at once, and fails rather than replace one
			Files.createLink(file, candidate);
			return text;
		} catch (FileAlreadyExistsException raced) {
			byte[] theirs = sound(file, owner);
			if (theirs == null) {
				throw new IOException("the daemon's token " + file + " changed while it was being made; start again");
			}
			return theirs;
		}
	}

	/** The token's bytes if {@code file} is a private regular file of {@code owner} of the right size, else null. */
	private static byte[] sound(Path file, UserPrincipal owner) throws IOException {
		PosixFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		} catch (NoSuchFileException absent) {
			return null;
		}
		if (!attributes.isRegularFile() || !attributes.owner().equals(owner) || !attributes.permissions().equals(PRIVATE_FILE)
				|| attributes.size() != 2 * TOKEN_BYTES) {
			return null;
		}
		byte[] text = DaemonToken.read(file);
		return text.length == 2 * TOKEN_BYTES ? text : null;
	}
}
