/**
 * A front end's session and how its lines run: the front end commands read, the agent language,
 * the catalog of OS2 commands and their declarations, the dispatch and the line runner, the record
 * in the ledger. Uses the client package only; nothing here is exported.
 */
package os2.shell.internal.session;
