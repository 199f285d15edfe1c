package os2.kernel.internal.sandbox;

/**
 * Where the supervisor sees a run's processes, and how it kills them: through the sandbox's own
 * pid namespace ({@link NamespaceProcesses}), or, unsandboxed, by the process tree and session on
 * the host ({@link SessionProcesses}).
 */
interface RunProcesses {

	/**
	 * What the run's processes are doing now.
	 *
	 * @param enough a number of processes that is enough to know: the look may stop there and return
	 *        {@link TreeSample#counted}
	 */
	TreeSample sample(int enough);

	/** Kills every process of the run, the one started among them; from any thread, more than once. */
	void killAll();

	/** After the process started has ended: kills whatever it left running. */
	void killLeftovers();
}
