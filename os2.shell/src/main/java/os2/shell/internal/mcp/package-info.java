/**
 * The MCP front end ({@code os2 mcp}): OS2's tools as MCP tools, described by the commands'
 * declarations, each MCP session an agent session of its own, on the official MCP Java SDK. Uses
 * the session package; nothing here is exported.
 */
package os2.shell.internal.mcp;
