package os2.shell.internal.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code os2} script's {@link CommandClient} and the daemon's {@code CommandServer} say
 * to each other over the daemon's Unix socket. The client sends a hello (magic, version and the
 * home's {@link DaemonToken}, which the daemon checks before it reads more) and one request; then
 * both sides send frames (a type byte, a length, the bytes): the server the command's stdout,
 * stderr and progress as they are written, and at the end the exit status — or, instead of all of
 * it, {@link #REFUSED} and why; the client its standard input, once the server asked for it
 * ({@link #INPUT_WANTED}).
 *
 * <p>Used by the client, which starts without OSGi: this class needs nothing but {@code java.base}.
 */
public final class DaemonProtocol {

	private static final int MAGIC = 0x4f533244; // "OS2D"
	private static final int VERSION = 4;

	/** Bytes for the command's standard output (server to client). */
	public static final byte STDOUT = 1;
	/** Bytes for the command's standard error (server to client). */
	public static final byte STDERR = 2;
	/** Bytes of the client's standard input; an empty frame ends it (client to server). */
	public static final byte STDIN = 3;
	/** The exit status, four bytes; the last frame (server to client). */
	public static final byte EXIT = 4;
	/** A running tool's progress, UTF-8; empty takes it away (server to client). See {@link StatusLine}. */
	public static final byte PROGRESS = 5;

	/**
	 * The daemon does not serve this client (another user, a wrong token), UTF-8 for why; the only
	 * frame it then sends (server to client).
	 */
	public static final byte REFUSED = 6;

	/**
	 * A command reads the client's standard input: the client sends it from now on, and not before,
	 * so lines whose commands read none leave it alone (server to client, empty).
	 */
	public static final byte INPUT_WANTED = 7;

	/** Longest string or frame accepted: a guard against reading garbage as a length. */
	private static final int MAX_LENGTH = 64 << 20;

	private DaemonProtocol() {
	}

	/**
	 * A client's request: run {@code lines} in {@code workspace} (empty: the default one), with
	 * {@code json} each statement's outcome printed as a JSON line instead of its output, or, with
	 * {@code mcp}, serve an MCP client on the standard input and output (in a new workspace when
	 * none is given) — or MCP over HTTP on {@code httpPort} of 127.0.0.1 until the client leaves —, or, with {@code stop}, end the daemon once the commands it is running are done.
	 */
	public record Request(String workspace, List<String> lines, boolean stop, boolean mcp, boolean json, int httpPort) {

		/** No MCP over HTTP: {@link #httpPort}'s value then. */
		public static final int NO_HTTP = -1;

		public Request(String workspace, List<String> lines, boolean stop) {
			this(workspace, lines, stop, false, false, NO_HTTP);
		}
	}

	static void writeRequest(DataOutputStream out, byte[] token, Request request) throws IOException {
		out.writeInt(MAGIC);
		out.writeInt(VERSION);
		out.writeShort(token.length);
		out.write(token);
		out.writeBoolean(request.stop());
		out.writeBoolean(request.mcp());
		out.writeBoolean(request.json());
		out.writeInt(request.httpPort());
		writeString(out, request.workspace());
		out.writeInt(request.lines().size());
		for (String line : request.lines()) {
			writeString(out, line);
		}
		out.flush();
	}

	/**
	 * The hello: checks magic and version and returns the token the client sent, reading no more
	 * than {@link DaemonToken#MAX_LENGTH} bytes of it, so that nothing of the request is read (nor
	 * its size believed) before the token is checked.
	 */
	public static byte[] readHello(DataInputStream in) throws IOException {
		if (in.readInt() != MAGIC) {
			throw new ProtocolException("not an OS2 client");
		}
		int version = in.readInt();
		if (version != VERSION) {
			throw new ProtocolException("client speaks protocol " + version + ", this daemon " + VERSION);
		}
		int length = in.readUnsignedShort();
		if (length > DaemonToken.MAX_LENGTH) {
			throw new ProtocolException("implausible token length: " + length);
		}
		byte[] token = new byte[length];
		in.readFully(token);
		return token;
	}

	/** The request after the hello. */
	public static Request readRequest(DataInputStream in) throws IOException {
		boolean stop = in.readBoolean();
		boolean mcp = in.readBoolean();
		boolean json = in.readBoolean();
		int httpPort = in.readInt();
		String workspace = readString(in);
		int count = in.readInt();
		if (count < 0 || count > 10_000) {
			throw new ProtocolException("implausible number of command lines: " + count);
		}
		List<String> lines = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			lines.add(readString(in));
		}
		return new Request(workspace, List.copyOf(lines), stop, mcp, json, httpPort);
	}

	/** One frame, encoded, ready to be written whole. */
	public static byte[] frame(byte type, byte[] bytes, int offset, int length) {
		byte[] frame = new byte[5 + length];
		frame[0] = type;
		frame[1] = (byte) (length >>> 24);
		frame[2] = (byte) (length >>> 16);
		frame[3] = (byte) (length >>> 8);
		frame[4] = (byte) length;
		System.arraycopy(bytes, offset, frame, 5, length);
		return frame;
	}

	public static byte[] exitFrame(int status) {
		byte[] value = { (byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status };
		return frame(EXIT, value, 0, 4);
	}

	/** A frame read: its type and bytes. */
	public record Frame(byte type, byte[] bytes) {

		int status() {
			return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
		}
	}

	/** @return the next frame, or null at the end of the stream */
	public static Frame readFrame(DataInputStream in) throws IOException {
		int type = in.read();
		if (type < 0) {
			return null;
		}
		int length = in.readInt();
		if (length < 0 || length > MAX_LENGTH || (type == EXIT && length != 4)) {
			throw new ProtocolException("malformed frame (type " + type + ", length " + length + ")");
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new Frame((byte) type, bytes);
	}

	private static void writeString(DataOutputStream out, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_LENGTH) {
			throw new ProtocolException("implausible string length: " + length);
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}
}
