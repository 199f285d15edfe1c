/** The shell's implementation; nothing here is exported. */
package os2.shell.internal;
