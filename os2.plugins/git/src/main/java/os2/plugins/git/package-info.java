/**
 * The {@code git} tool: JGit in-process, held inside the session's workspace, its network asked
 * of the kernel per host before any connection, hooks never run, the host's git configuration
 * never read, and every clone, checkout and commit on record; private to the bundle.
 */
package os2.plugins.git;
