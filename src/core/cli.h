/*
** cli.h -- helpers for commands (Fossil's find_option idea).
**
** Options are removed from argv as they are found; cli_finish() then
** refuses any option or argument left over.  Commands print errors in
** Chinese to stderr and return 1 (failure) or 2 (bad usage).
*/
#ifndef FAZHI_CLI_H
#define FAZHI_CLI_H

#include "../common.h"

/* The value of "--name VALUE" or "--name=VALUE", removed from argv; NULL
** when absent.  A missing value is a usage error (exit 2). */
const char *cli_option(int *pArgc, char **argv, const char *zName);
/* True when "--name" is present (removed from argv). */
bool cli_flag(int *pArgc, char **argv, const char *zName);
/* Fail with usage (exit status 2 via the return) when an unknown option
** remains or the positional count is outside [nMin, nMax]. */
int cli_finish(int argc, char **argv, int nMin, int nMax, const char *zUsage);
/* Print the usage text to stderr and return 2. */
int cli_usage(const char *zUsage);
/* Open the database of the data folder, applying migrations and loading
** the keys; returns 0 or prints why and returns 1. */
int cli_open(void);
/* Read one line of standard input (for --password-stdin), without the
** newline, into heap memory the caller frees; NULL at EOF. */
char *cli_read_line_dup(void);

/* Read the whole file zPath (at most nMax bytes) into pOut; prints why
** and returns 1 on failure. */
struct buf;
int cli_read_file(const char *zPath, size_t nMax, struct buf *pOut);
/* Write p to zPath (standard output when NULL); prints why and returns 1
** on failure. */
int cli_write_file(const char *zPath, const struct buf *p);

#endif
