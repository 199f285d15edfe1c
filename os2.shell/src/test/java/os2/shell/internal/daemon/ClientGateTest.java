package os2.shell.internal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.net.UnixDomainPrincipal;

/**
 * The daemon's gate. A peer of another user is injected here as the principal SO_PEERCRED would
 * give; DaemonOwnerIT connects as another user for real.
 */
class ClientGateTest {

	private static final byte[] TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	Path directory;

	@Test
	void aClientOfTheDaemonsOwnUserOnARealSocketIsLetIn() throws IOException {
		RunDirectory run = RunDirectory.prepare(directory);
		Path socket = directory.resolve("test.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket)); SocketChannel accepted = server.accept()) {
				assertEquals(Optional.empty(), new ClientGate(run.owner(), run.token()).peerRefusal(accepted));
			}
		}
	}

	@Test
	void aPeerOfAnotherUserIsRefusedSayingWhoItIs() throws IOException {
		UserPrincipal owner = owner();
		UserPrincipal nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		GroupPrincipal group = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup");

		Optional<String> refusal = ClientGate.peerRefusal(owner, new UnixDomainPrincipal(nobody, group));

		assertEquals(Optional.of("it runs as user nobody; this daemon serves only " + owner.getName()), refusal);
	}

	@Test
	void aPeerWhoseUserIsUnknownIsRefused() throws IOException {
		assertTrue(ClientGate.peerRefusal(owner(), null).isPresent());
	}

	@Test
	void onlyTheSameTokenMatches() throws IOException {
		ClientGate gate = new ClientGate(owner(), TOKEN);

		assertTrue(gate.tokenMatches(TOKEN.clone()));
		byte[] oneOff = TOKEN.clone();
		oneOff[63] ^= 1;
		assertFalse(gate.tokenMatches(oneOff));
		assertFalse(gate.tokenMatches(new byte[0]));
		assertFalse(gate.tokenMatches(java.util.Arrays.copyOf(TOKEN, 32)));
	}

	private UserPrincipal owner() throws IOException {
		Path mine = Files.createFile(directory.resolve("mine"));
		return Files.getOwner(mine, LinkOption.NOFOLLOW_LINKS);
	}
}
