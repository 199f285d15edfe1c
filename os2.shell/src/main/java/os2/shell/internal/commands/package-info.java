/**
 * The shell's own commands (DS components in Gogo scope {@code os2}) and tools as commands. They
 * read their front end from the session package and are found by their service properties, so
 * nothing below this package knows them; nothing here is exported.
 */
package os2.shell.internal.commands;
