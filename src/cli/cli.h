/* cli.h — the kaoping command line: one table of commands, each with its
 * usage line and help, dispatched from main. */
#ifndef KAOPING_CLI_H
#define KAOPING_CLI_H

/* Runs kaoping with ARGV; returns the exit status (0 ok, 1 failure, 2 bad
 * usage or input). */
int cli_main(int argc, char **argv);
#endif
