package os2.shell.internal.mcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer token of a home's MCP server over HTTP: 32 random bytes in hex, in
 * {@code $OS2_HOME/etc/mcp-token}, made on first use, readable by the owner alone. A client shows it
 * in {@code Authorization: Bearer TOKEN}. A file that is a link, not the owner's alone, or not a
 * token is refused, never followed or believed.
 */
final class McpToken {

	static final String FILE_NAME = "mcp-token";

	private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

	private McpToken() {
	}

	/** The token in {@code etc/mcp-token}, made if there is none. */
	static String of(Path etc) throws IOException {
		Files.createDirectories(etc);
		Path file = etc.resolve(FILE_NAME);
		try {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String token = HexFormat.of().formatHex(random);
			// made the owner's alone from the start, never readable by others for a moment
			try (SeekableByteChannel channel = Files.newByteChannel(file,
					Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
				channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
			}
			return token;
		} catch (FileAlreadyExistsException exists) {
			return read(file);
		}
	}

	private static String read(Path file) throws IOException {
		PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
		if (!attributes.isRegularFile() || attributes.size() > 100
				|| attributes.permissions().stream().anyMatch(others::contains)) {
			throw new IOException(file + " is not a token file of the owner's alone (mode 600); remove it, and a new token is made");
		}
		String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
		if (!TOKEN.matcher(token).matches()) {
			throw new IOException(file + " holds no token (64 hex digits); remove it, and a new token is made");
		}
		return token;
	}
}
