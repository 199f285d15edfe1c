package os2.shell.internal.client;

/**
 * The exit statuses OS2 gives for itself, as opposed to those a command asks for ({@code exit 3})
 * or a tool ends with, that more than one part of the shell gives: the {@code os2} script tells
 * what happened by them. Here, with the client, because the client gives them too and may use
 * nothing of the bundle but its own package. (The statuses only the client gives are in
 * {@link CommandClient}.)
 */
public final class ExitStatus {

	/** A command ran and failed, or OS2 itself did. */
	public static final int FAILED = 1;
	/** The user asked for something that does not exist or does not parse. */
	public static final int USAGE = 2;
	/**
	 * The daemon declined to serve because OS2 is not whole (no ledger, no kernel): the script then
	 * runs the lines in a process of their own, which says what is wrong, as it would without a
	 * daemon.
	 */
	public static final int DECLINED = 3;

	private ExitStatus() {
	}
}
